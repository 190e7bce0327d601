package io.powermanager.agent.kube;

import java.util.Objects;

/**
 * An Event the agent wants on a pod: {@code Normal PowerProfileApplied} or {@code Warning
 * PowerProfileNotApplied}.
 */
public record PodEvent(PodKey pod, boolean warning, String reason, String message) {

  public static final String APPLIED = "PowerProfileApplied";
  public static final String NOT_APPLIED = "PowerProfileNotApplied";
  public static final String RETUNED = "PowerProfileRetuned";

  public PodEvent {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
