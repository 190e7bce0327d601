package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.powermanager.api.v1alpha1.PowerContainer;
import java.util.ArrayList;
import java.util.List;

/**
 * v1alpha1's {@code nodeName} plus Intel v2.5's human-readable spec fields, which only Intel's
 * agent wrote: kept in the schema so objects stored by Intel's operator keep them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "nodeName",
  "powerProfiles",
  "powerWorkloads",
  "sharedPool",
  "unaffectedCores",
  "reservedPools",
  "powerContainers",
  "customDevices"
})
public class PowerNodeSpec extends io.powermanager.api.v1alpha1.PowerNodeSpec {

  @JsonPropertyDescription("Intel v2.5: profiles on this node, preformatted. Not written here.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> powerProfiles = new ArrayList<>();

  @JsonPropertyDescription("Intel v2.5: workloads on this node, preformatted. Not written here.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> powerWorkloads = new ArrayList<>();

  @JsonPropertyDescription("Intel v2.5: the shared pool, preformatted. Not written here.")
  private String sharedPool;

  @JsonPropertyDescription("Intel v2.5: untuned CPUs, preformatted. Not written here.")
  private String unaffectedCores;

  @JsonPropertyDescription("Intel v2.5: reserved pools, preformatted. Not written here.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> reservedPools = new ArrayList<>();

  @JsonPropertyDescription("Intel v2.5: containers with exclusive CPUs. Not written here.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<PowerContainer> powerContainers = new ArrayList<>();

  @JsonPropertyDescription("Intel v2.5: custom devices seen on this node. Not written here.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> customDevices = new ArrayList<>();

  public List<String> getPowerProfiles() {
    return powerProfiles;
  }

  public void setPowerProfiles(List<String> powerProfiles) {
    this.powerProfiles = powerProfiles;
  }

  public List<String> getPowerWorkloads() {
    return powerWorkloads;
  }

  public void setPowerWorkloads(List<String> powerWorkloads) {
    this.powerWorkloads = powerWorkloads;
  }

  public String getSharedPool() {
    return sharedPool;
  }

  public void setSharedPool(String sharedPool) {
    this.sharedPool = sharedPool;
  }

  public String getUnaffectedCores() {
    return unaffectedCores;
  }

  public void setUnaffectedCores(String unaffectedCores) {
    this.unaffectedCores = unaffectedCores;
  }

  public List<String> getReservedPools() {
    return reservedPools;
  }

  public void setReservedPools(List<String> reservedPools) {
    this.reservedPools = reservedPools;
  }

  public List<PowerContainer> getPowerContainers() {
    return powerContainers;
  }

  public void setPowerContainers(List<PowerContainer> powerContainers) {
    this.powerContainers = powerContainers;
  }

  public List<String> getCustomDevices() {
    return customDevices;
  }

  public void setCustomDevices(List<String> customDevices) {
    this.customDevices = customDevices;
  }
}
