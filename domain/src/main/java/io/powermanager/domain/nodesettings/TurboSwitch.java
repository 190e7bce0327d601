package io.powermanager.domain.nodesettings;

import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's turbo switch and what to do with it. Turbo is node-global: intel_pstate and
 * intel_cpufreq have {@code intel_pstate/no_turbo} ({@code 1} = off), other drivers the global
 * {@code cpufreq/boost} ({@code 1} = on). Pure.
 *
 * @param path the file, relative to {@code /sys/devices/system/cpu}
 * @param inverted whether {@code 1} means turbo off ({@code no_turbo})
 */
public record TurboSwitch(String path, boolean inverted) {

  public static final TurboSwitch NO_TURBO = new TurboSwitch("intel_pstate/no_turbo", true);
  public static final TurboSwitch BOOST = new TurboSwitch("cpufreq/boost", false);

  public TurboSwitch {
    Objects.requireNonNull(path, "path");
  }

  /** Whether the value read from the file means turbo on. */
  public boolean isOn(String value) {
    boolean one = value.strip().equals("1");
    return inverted != one;
  }

  /** The value that switches turbo {@code on} or off. */
  public String valueFor(boolean on) {
    return on != inverted ? "1" : "0";
  }

  /** The write that switches turbo {@code on} or off. */
  public PlannedWrite write(boolean on) {
    return PlannedWrite.file(PlannedWrite.NODE, Knob.TURBO, path, valueFor(on));
  }

  /**
   * What to do with the switch this time.
   *
   * @param turboOn whether turbo is on once the plan is applied (as far as the agent can make it)
   * @param write the write, when the switch must change
   * @param first whether the write goes before the windows (enabling: raise windows after it);
   *     disabling goes after them (lower windows first)
   * @param recordOriginal the switch's current value, to snapshot before the first write
   * @param forgetOriginal whether the snapshotted original is back and no object asks for turbo
   */
  public record Decision(
      boolean turboOn,
      Optional<PlannedWrite> write,
      boolean first,
      Optional<String> recordOriginal,
      boolean forgetOriginal) {}

  /**
   * Decides the switch for {@code settings}: Enabled or Disabled set it; Unchanged, or no object,
   * put the snapshotted original back (and forget it once it is back). A firmware lock keeps turbo
   * off: no attempt to switch it on.
   *
   * @param now the switch's value now
   * @param original the snapshotted original, when the agent has switched it before
   * @param locked whether switching turbo on was refused with EPERM
   */
  public Decision decide(
      Optional<NodeSettings> settings, String now, Optional<String> original, boolean locked) {
    boolean onNow = isOn(now);
    NodeSettings.Turbo asked =
        settings.map(NodeSettings::turbo).orElse(NodeSettings.Turbo.UNCHANGED);
    boolean want =
        switch (asked) {
          case ENABLED -> true;
          case DISABLED -> false;
          case UNCHANGED -> original.map(this::isOn).orElse(onNow);
        };
    if (want && locked && !onNow) {
      want = false;
    }
    boolean forget = asked == NodeSettings.Turbo.UNCHANGED && original.isPresent() && want == onNow;
    if (want == onNow) {
      return new Decision(onNow, Optional.empty(), false, Optional.empty(), forget);
    }
    return new Decision(
        want,
        Optional.of(write(want)),
        want,
        original.isPresent() ? Optional.empty() : Optional.of(now.strip()),
        false);
  }
}
