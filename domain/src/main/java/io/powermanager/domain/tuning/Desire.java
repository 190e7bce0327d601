package io.powermanager.domain.tuning;

import java.util.Objects;

/** What the agent wants for one CPU. */
public sealed interface Desire {

  /** Leave the CPU alone: it was never tuned (no snapshot) and its pool does not tune. */
  record Untouched() implements Desire {}

  /**
   * Bring the CPU to {@code settings}.
   *
   * @param settings the target, in the form the driver holds it (see {@link CpuHardware#asHeld})
   * @param reason why, for logs: {@code profile performance-node1}, {@code snapshot}
   */
  record Target(CpuSettings settings, String reason) implements Desire {
    public Target {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The CPU's pool asks for something this CPU cannot do (a window outside its hardware range, a
   * governor or EPP it lacks, an unknown profile): nothing is written to it.
   */
  record Refused(String profile, String reason) implements Desire {
    public Refused {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
