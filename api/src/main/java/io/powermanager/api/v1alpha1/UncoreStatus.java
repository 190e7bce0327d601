package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Which nodes an Uncore applies to, what each made of it, its {@code Applied} condition, and
 * Intel's {@code errors}; written by the manager from the PowerNodes. Per-node applied values are
 * in each PowerNode's {@code status.uncore}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"nodes", "outcomes", "errors", "conditions"})
public class UncoreStatus {

  @JsonPropertyDescription("The power nodes this object applies to.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> nodes = new ArrayList<>();

  @JsonPropertyDescription("Per node: Applied, Clamped, Refused, Unsupported, Superseded, Pending.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<UncoreNodeOutcome> outcomes = new ArrayList<>();

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public List<UncoreNodeOutcome> getOutcomes() {
    return outcomes;
  }

  public void setOutcomes(List<UncoreNodeOutcome> outcomes) {
    this.outcomes = outcomes;
  }

  @JsonPropertyDescription("Intel v1 compatibility: problems as sentences.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> errors = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<Condition> conditions = new ArrayList<>();

  public List<String> getErrors() {
    return errors;
  }

  public void setErrors(List<String> errors) {
    this.errors = errors;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
