package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What one node made of a PowerNodeSettings object, in its {@code status.outcomes[]}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"node", "outcome", "turbo", "message"})
public class NodeSettingsOutcome {

  /** Turbo is as asked and every window in scope holds the limits. */
  public static final String APPLIED = "Applied";

  /** Applied; turbo off clamped a profile's explicit window to base. */
  public static final String CLAMPED = "Clamped";

  /** The limits left a CPU's window empty (or named base where it has none): that CPU refused. */
  public static final String REFUSED = "Refused";

  /** Firmware keeps turbo off: switching it on was refused (EPERM). */
  public static final String TURBO_LOCKED = "TurboLocked";

  /** Another PowerNodeSettings selects the node (one per node; the first by name wins). */
  public static final String SUPERSEDED = "Superseded";

  /** The node's agent has not reported on it yet. */
  public static final String PENDING = "Pending";

  @JsonPropertyDescription("The node.")
  private String node;

  @JsonPropertyDescription(
      "Applied, Clamped (turbo off clamped a profile window to base), Refused (the limits left a"
          + " CPU's window empty), TurboLocked (firmware keeps turbo off), Superseded (another"
          + " PowerNodeSettings selects the node) or Pending.")
  private String outcome;

  @JsonPropertyDescription(
      "Turbo on the node now as its agent reads the switch: On or Off; absent when the node has"
          + " no switch or has not reported.")
  private String turbo;

  @JsonPropertyDescription("The node's agent's words, for every outcome but Applied and Pending.")
  private String message;

  public NodeSettingsOutcome() {}

  public NodeSettingsOutcome(String node, String outcome, String turbo, String message) {
    this.node = node;
    this.outcome = outcome;
    this.turbo = turbo;
    this.message = message;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getTurbo() {
    return turbo;
  }

  public void setTurbo(String turbo) {
    this.turbo = turbo;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
