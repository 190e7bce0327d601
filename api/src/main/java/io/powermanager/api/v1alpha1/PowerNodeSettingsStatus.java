package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Which power nodes a PowerNodeSettings applies to, what each made of it (turbo state, {@code
 * TurboLocked}, {@code Clamped}, refusals) and its {@code Applied} condition; written by the
 * manager from the PowerNodes' reports.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"nodes", "outcomes", "conditions"})
public class PowerNodeSettingsStatus {

  @JsonPropertyDescription("The power nodes this object applies to.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> nodes = new ArrayList<>();

  @JsonPropertyDescription(
      "Per node: Applied, Clamped, Refused, TurboLocked, Superseded or Pending, with turbo's state.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<NodeSettingsOutcome> outcomes = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<Condition> conditions = new ArrayList<>();

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public List<NodeSettingsOutcome> getOutcomes() {
    return outcomes;
  }

  public void setOutcomes(List<NodeSettingsOutcome> outcomes) {
    this.outcomes = outcomes;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
