package io.powermanager.reconciler.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Applied} condition of an object the agents of several nodes apply (CStates, Uncore,
 * PowerNodeSettings), from what each targeted node reported: False {@code NoNodes} when it targets
 * none, False {@code NotApplied} when a node failed it (its sentences, then the nodes not yet heard
 * of), False {@code Pending} while a node has not reported, else True {@code Applied}. Pure.
 *
 * @param applied whether every targeted node applies it
 * @param reason {@code Applied}, {@code NoNodes}, {@code Pending} or {@code NotApplied}
 * @param message what the nodes that do not apply it say, or what holds where
 */
public record AppliedVerdict(boolean applied, String reason, String message) {

  /**
   * @param nodes the nodes it targets
   * @param failed one sentence per node that failed it
   * @param pending the nodes that have not reported on it yet
   * @param noNodes the message when {@code nodes} is empty
   * @param appliedMessage the message when every node applies it
   */
  public static AppliedVerdict of(
      List<String> nodes,
      List<String> failed,
      List<String> pending,
      String noNodes,
      String appliedMessage) {
    if (nodes.isEmpty()) {
      return new AppliedVerdict(false, "NoNodes", noNodes);
    }
    if (!failed.isEmpty()) {
      List<String> sentences = new ArrayList<>(failed);
      if (!pending.isEmpty()) {
        sentences.add(notYetReported(pending));
      }
      return new AppliedVerdict(false, "NotApplied", String.join("; ", sentences));
    }
    if (!pending.isEmpty()) {
      return new AppliedVerdict(false, "Pending", notYetReported(pending));
    }
    return new AppliedVerdict(true, "Applied", appliedMessage);
  }

  private static String notYetReported(List<String> pending) {
    return "not yet reported by node " + String.join(", ", pending);
  }
}
