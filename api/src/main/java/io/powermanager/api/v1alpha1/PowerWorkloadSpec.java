package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's workload fields; JSON names are the seed's, including {@code reservedCPUs}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "name",
  "allCores",
  "reservedCPUs",
  "reservedCPUGroups",
  "powerNodeSelector",
  "powerProfile",
  "nodeInfo"
})
public class PowerWorkloadSpec {

  @JsonPropertyDescription("Workload name; equals metadata.name.")
  private String name;

  @JsonPropertyDescription(
      "True for the node's shared workload (name 'shared-*'): every CPU that is neither reserved"
          + " nor exclusive.")
  private Boolean allCores;

  @JsonProperty("reservedCPUs")
  @JsonPropertyDescription(
      "CPUs a shared workload leaves alone: the kubelet's reserved CPUs (--reserved-cpus).")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  // Linux numbers CPUs below CONFIG_NR_CPUS, at most 8192
  private List<@Min(0) @Max(8191) Integer> reservedCPUs = new ArrayList<>();

  @JsonPropertyDescription(
      "Reserved CPUs tuned with a profile (Intel v1's reservedCPUs[].powerProfile); their cores"
          + " are also listed in reservedCPUs.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<ReservedCpuGroup> reservedCPUGroups = new ArrayList<>();

  @JsonPropertyDescription(
      "Labels selecting the one node of a shared workload, e.g. kubernetes.io/hostname.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, String> powerNodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Name of the PowerProfile these CPUs run.")
  private String powerProfile;

  @JsonPropertyDescription("The node, CPUs and containers of a non-shared workload.")
  private WorkloadNodeInfo nodeInfo;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getAllCores() {
    return allCores;
  }

  public void setAllCores(Boolean allCores) {
    this.allCores = allCores;
  }

  public List<Integer> getReservedCPUs() {
    return reservedCPUs;
  }

  public void setReservedCPUs(List<Integer> reservedCPUs) {
    this.reservedCPUs = reservedCPUs;
  }

  public List<ReservedCpuGroup> getReservedCPUGroups() {
    return reservedCPUGroups;
  }

  public void setReservedCPUGroups(List<ReservedCpuGroup> reservedCPUGroups) {
    this.reservedCPUGroups = reservedCPUGroups;
  }

  public Map<String, String> getPowerNodeSelector() {
    return powerNodeSelector;
  }

  public void setPowerNodeSelector(Map<String, String> powerNodeSelector) {
    this.powerNodeSelector = powerNodeSelector;
  }

  public String getPowerProfile() {
    return powerProfile;
  }

  public void setPowerProfile(String powerProfile) {
    this.powerProfile = powerProfile;
  }

  public WorkloadNodeInfo getNodeInfo() {
    return nodeInfo;
  }

  public void setNodeInfo(WorkloadNodeInfo nodeInfo) {
    this.nodeInfo = nodeInfo;
  }
}
