package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What one node made of an Uncore object, in its {@code status.outcomes[]}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"node", "outcome", "message"})
public class UncoreNodeOutcome {

  /** Every domain holds the asked limits. */
  public static final String APPLIED = "Applied";

  /** Applied, with a value moved into a domain's initial range. */
  public static final String CLAMPED = "Clamped";

  /** A domain was not written: empty window after layering, or the kernel refused a write. */
  public static final String REFUSED = "Refused";

  /** The node has no uncore driver. */
  public static final String UNSUPPORTED = "Unsupported";

  /** Another Uncore object tunes the node (one per node; the first by name wins). */
  public static final String SUPERSEDED = "Superseded";

  /** The node's agent has not reported on it yet. */
  public static final String PENDING = "Pending";

  @JsonPropertyDescription("The node.")
  private String node;

  @JsonPropertyDescription(
      "Applied, Clamped (applied, a value moved into a domain's range), Refused, Unsupported (no"
          + " uncore driver), Superseded (another Uncore tunes the node) or Pending.")
  private String outcome;

  @JsonPropertyDescription("The node's agent's words, for Clamped and Refused.")
  private String message;

  public UncoreNodeOutcome() {}

  public UncoreNodeOutcome(String node, String outcome, String message) {
    this.node = node;
    this.outcome = outcome;
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

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
