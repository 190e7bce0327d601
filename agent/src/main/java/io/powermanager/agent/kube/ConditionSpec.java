package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A status condition the agent wants, before timestamps: {@code type}, True/False, reason, message.
 */
public record ConditionSpec(String type, boolean status, String reason, String message) {

  public ConditionSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  public static ConditionSpec isTrue(String type, String reason, String message) {
    return new ConditionSpec(type, true, reason, message);
  }

  public static ConditionSpec isFalse(String type, String reason, String message) {
    return new ConditionSpec(type, false, reason, message);
  }

  /**
   * The conditions to write: {@code lastTransitionTime} kept from {@code previous} when the status
   * did not flip, {@code now} otherwise; order as wanted.
   */
  public static List<Condition> merge(
      List<Condition> previous, List<ConditionSpec> wanted, Instant now, Long generation) {
    List<Condition> out = new ArrayList<>(wanted.size());
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (ConditionSpec w : wanted) {
      String status = w.status() ? "True" : "False";
      String since = stamp;
      if (previous != null) {
        for (Condition p : previous) {
          if (w.type().equals(p.getType())
              && status.equals(p.getStatus())
              && p.getLastTransitionTime() != null) {
            since = p.getLastTransitionTime();
          }
        }
      }
      out.add(
          new ConditionBuilder()
              .withType(w.type())
              .withStatus(status)
              .withReason(w.reason())
              .withMessage(w.message())
              .withObservedGeneration(generation)
              .withLastTransitionTime(since)
              .build());
    }
    return out;
  }
}
