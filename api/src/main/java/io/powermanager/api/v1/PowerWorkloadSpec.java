package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.powermanager.api.v1alpha1.ReservedCpuGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Intel v2.5's workload spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "name",
  "allCores",
  "reservedCPUs",
  "powerNodeSelector",
  "powerProfile",
  "workloadNodes"
})
public class PowerWorkloadSpec {

  @JsonPropertyDescription("Workload name; equals metadata.name.")
  private String name;

  @JsonPropertyDescription(
      "True for a shared workload: every CPU of its nodes that is neither reserved nor exclusive.")
  private Boolean allCores;

  @JsonProperty("reservedCPUs")
  @JsonPropertyDescription(
      "CPUs a shared workload keeps out of the Shared pool, in groups; a group with a profile"
          + " runs it.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<ReservedCpuGroup> reservedCPUs = new ArrayList<>();

  @JsonPropertyDescription("Labels selecting the nodes of a shared workload.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, String> powerNodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Name of the PowerProfile these CPUs run.")
  private String powerProfile;

  @JsonPropertyDescription("The node, CPUs and containers of a non-shared workload.")
  private WorkloadNode workloadNodes;

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

  public List<ReservedCpuGroup> getReservedCPUs() {
    return reservedCPUs;
  }

  public void setReservedCPUs(List<ReservedCpuGroup> reservedCPUs) {
    this.reservedCPUs = reservedCPUs;
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

  public WorkloadNode getWorkloadNodes() {
    return workloadNodes;
  }

  public void setWorkloadNodes(WorkloadNode workloadNodes) {
    this.workloadNodes = workloadNodes;
  }
}
