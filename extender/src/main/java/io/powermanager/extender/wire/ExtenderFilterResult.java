package io.powermanager.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The answer to {@code /filter} ({@code k8s.io/kube-scheduler/extender/v1.ExtenderFilterResult}).
 * Every key is always written: {@code null} for an absent list, {@code {}} for empty maps, {@code
 * ""} for no error — the way Go's encoder writes the struct. A {@code nodeCacheCapable} scheduler
 * reads {@code NodeNames} (so rejecting every node is {@code []}, never {@code null}); the other
 * reads {@code Nodes.items}.
 *
 * @param nodes the passing {@code v1.NodeList} (items exactly as received), or {@code null}
 * @param nodeNames the passing node names, or {@code null}
 * @param failedNodes node to reason, for nodes where preemption may help
 * @param failedAndUnresolvableNodes node to reason, for nodes where it cannot
 * @param error a non-empty message when the extender could not decide; the scheduler then fails
 *     this scheduling attempt (or skips the extender when it is {@code ignorable})
 */
@JsonPropertyOrder({"Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error"})
public record ExtenderFilterResult(
    @JsonProperty("Nodes") JsonNode nodes,
    @JsonProperty("NodeNames") List<String> nodeNames,
    @JsonProperty("FailedNodes") Map<String, String> failedNodes,
    @JsonProperty("FailedAndUnresolvableNodes") Map<String, String> failedAndUnresolvableNodes,
    @JsonProperty("Error") String error) {

  public ExtenderFilterResult {
    failedNodes = failedNodes == null ? Map.of() : failedNodes;
    failedAndUnresolvableNodes =
        failedAndUnresolvableNodes == null ? Map.of() : failedAndUnresolvableNodes;
    error = error == null ? "" : error;
  }

  /** An answer that decides nothing and reports why. */
  public static ExtenderFilterResult error(String message) {
    return new ExtenderFilterResult(null, null, Map.of(), Map.of(), message);
  }
}
