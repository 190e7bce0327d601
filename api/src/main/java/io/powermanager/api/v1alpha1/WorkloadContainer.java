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
 * One container of a PowerWorkload ({@code spec.nodeInfo.containers[]}). The JSON name is {@code
 * exclusiveCPUs} here but {@code exclusiveCpus} in {@link PowerContainer}: both are the seed's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"exclusiveCPUs", "id", "name", "pod", "namespace", "podUID", "powerProfile"})
public class WorkloadContainer {

  @JsonProperty("exclusiveCPUs")
  @JsonPropertyDescription("The container's exclusive CPUs, from the kubelet's PodResources.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> exclusiveCPUs = new ArrayList<>();

  @JsonPropertyDescription("Container runtime id.")
  private String id;

  @JsonPropertyDescription("Container name.")
  private String name;

  @JsonPropertyDescription("Pod name.")
  private String pod;

  @JsonPropertyDescription("Pod namespace (not in the seed).")
  private String namespace;

  @JsonProperty("podUID")
  @JsonPropertyDescription("Pod UID (not in the seed): tells a recreated pod from the old one.")
  private String podUID;

  @JsonPropertyDescription("The profile the container requested.")
  private String powerProfile;

  public List<Integer> getExclusiveCPUs() {
    return exclusiveCPUs;
  }

  public void setExclusiveCPUs(List<Integer> exclusiveCPUs) {
    this.exclusiveCPUs = exclusiveCPUs;
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
}
