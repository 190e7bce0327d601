package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Status conditions with Kubernetes' conventions: one per type, {@code lastTransitionTime} moves
 * only when {@code status} changes, so a condition whose reason or message is unchanged compares
 * equal and is not written again. Pure.
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /** A condition without a transition time; {@link #merge} sets it. */
  public static Condition of(
      String type, boolean status, String reason, String message, Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? TRUE : FALSE)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /**
   * {@code current} with each of {@code desired} put in place of the condition of the same type. A
   * desired condition keeps the current {@code lastTransitionTime} when its status is unchanged,
   * and gets {@code now} when it is new or its status flips. Conditions of other types are kept, in
   * order; new ones are appended.
   */
  public static List<Condition> merge(
      List<Condition> current, List<Condition> desired, Instant now) {
    List<Condition> out = new ArrayList<>(current == null ? List.of() : current);
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Condition want : desired) {
      int at = indexOf(out, want.getType());
      Condition have = at < 0 ? null : out.get(at);
      String since =
          have != null
                  && Objects.equals(have.getStatus(), want.getStatus())
                  && have.getLastTransitionTime() != null
              ? have.getLastTransitionTime()
              : stamp;
      Condition merged = new ConditionBuilder(want).withLastTransitionTime(since).build();
      if (at < 0) {
        out.add(merged);
      } else {
        out.set(at, merged);
      }
    }
    return out;
  }

  /**
   * Whether the current condition {@code have} (may be null) already says what {@code want} says:
   * same status, reason, message and observed generation; its transition time does not count.
   */
  public static boolean same(Condition have, Condition want) {
    return have != null
        && Objects.equals(have.getStatus(), want.getStatus())
        && Objects.equals(have.getReason(), want.getReason())
        && Objects.equals(have.getMessage(), want.getMessage())
        && Objects.equals(have.getObservedGeneration(), want.getObservedGeneration());
  }

  /** The condition of {@code type}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    int at = indexOf(conditions, type);
    return at < 0 ? null : conditions.get(at);
  }

  private static int indexOf(List<Condition> conditions, String type) {
    for (int i = 0; i < conditions.size(); i++) {
      if (Objects.equals(conditions.get(i).getType(), type)) {
        return i;
      }
    }
    return -1;
  }
}
