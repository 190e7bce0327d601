package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Written only by the node agent of the workload's node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"node", "cpuIds", "conditions"})
public class PowerWorkloadStatus {

  @JsonPropertyDescription("The node whose agent tunes this workload.")
  private String node;

  @JsonPropertyDescription(
      "CPUs the agent currently tunes for this workload (cpulist, e.g. 2-3,66).")
  private String cpuIds;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<Condition> conditions = new ArrayList<>();

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getCpuIds() {
    return cpuIds;
  }

  public void setCpuIds(String cpuIds) {
    this.cpuIds = cpuIds;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
