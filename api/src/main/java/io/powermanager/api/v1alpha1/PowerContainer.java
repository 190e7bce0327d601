package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.powerContainers[]} of a PowerNode. The JSON name is {@code exclusiveCpus} here but
 * {@code exclusiveCPUs} in {@link WorkloadContainer}: both are the seed's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "exclusiveCpus",
  "id",
  "name",
  "pod",
  "namespace",
  "podUID",
  "powerProfile",
  "workload"
})
public class PowerContainer {

  @JsonProperty("exclusiveCpus")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> exclusiveCpus = new ArrayList<>();

  @JsonPropertyDescription("Container runtime id.")
  private String id;

  @JsonPropertyDescription("Container name.")
  private String name;

  @JsonPropertyDescription("Pod name.")
  private String pod;

  @JsonPropertyDescription("Pod namespace (not in the seed).")
  private String namespace;

  @JsonProperty("podUID")
  @JsonPropertyDescription("Pod UID (not in the seed).")
  private String podUID;

  private String powerProfile;

  @JsonPropertyDescription("Name of the PowerWorkload holding the container's CPUs.")
  private String workload;

  public List<Integer> getExclusiveCpus() {
    return exclusiveCpus;
  }

  public void setExclusiveCpus(List<Integer> exclusiveCpus) {
    this.exclusiveCpus = exclusiveCpus;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getPodUID() {
    return podUID;
  }

  public void setPodUID(String podUID) {
    this.podUID = podUID;
  }

  public String getPowerProfile() {
    return powerProfile;
  }

  public void setPowerProfile(String powerProfile) {
    this.powerProfile = powerProfile;
  }

  public String getWorkload() {
    return workload;
  }

  public void setWorkload(String workload) {
    this.workload = workload;
  }
}
