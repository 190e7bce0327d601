package io.powermanager.domain.tuning;

import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.Governor;
import io.powermanager.domain.power.PowerProfile;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one CPU should run: a pure function of its hardware, its pool, the profiles and its original
 * settings.
 *
 * <ul>
 *   <li>Reserved and Default CPUs want their snapshot back; a CPU without a snapshot was never
 *       touched and stays {@link Desire.Untouched}.
 *   <li>Shared and Exclusive CPUs want their pool's profile. An absent {@code min}/{@code max} is
 *       the CPU's own hardware limit. An absent governor is {@code powersave} where the CPU has EPP
 *       and offers powersave (intel_pstate active, so the EPP hint applies), else {@code schedutil}
 *       where offered, else the CPU's original governor. EPP is written only where supported.
 *   <li>Per-CPU bounds ({@code 50%}, {@code base}, ...) are resolved against the CPU's own hardware
 *       ({@link ProfileWindow}); {@code base} without {@code base_frequency}, or a min resolving
 *       above the max, is {@link Desire.Refused} on that CPU.
 *   <li>A window outside the CPU's own {@code cpuinfo} range, a governor or EPP the CPU does not
 *       offer, or an unknown profile is {@link Desire.Refused}: reported, nothing written, never
 *       clamped silently.
 *   <li>Frequencies are given as the driver will hold them ({@link CpuHardware#asHeld}):
 *       intel_pstate keeps limits in 100 MHz ratios, so a 1050 MHz floor is planned, written and
 *       read back as 1000 MHz, and a converged CPU plans no write.
 * </ul>
 */
public final class Desires {

  private Desires() {}

  /**
   * @param profiles looks a profile up by name (the pool's profile); empty when unknown or invalid
   * @param snapshot the CPU's settings before the agent first wrote to it, when it has written
   * @param observed the CPU's settings now (its original when there is no snapshot yet)
   */
  public static Desire of(
      CpuHardware hw,
      Pool pool,
      Function<String, Optional<PowerProfile>> profiles,
      Optional<CpuSettings> snapshot,
      CpuSettings observed) {
    if (pool instanceof Pool.Shared s) {
      return tune(hw, s.profile(), profiles, snapshot.orElse(observed));
    }
    if (pool instanceof Pool.Exclusive e) {
      return tune(hw, e.profile(), profiles, snapshot.orElse(observed));
    }
    return restore(snapshot); // Reserved, Default
  }

  private static Desire restore(Optional<CpuSettings> snapshot) {
    return snapshot
        .<Desire>map(s -> new Desire.Target(s, "snapshot"))
        .orElseGet(Desire.Untouched::new);
  }

  private static Desire tune(
      CpuHardware hw,
      String profileName,
      Function<String, Optional<PowerProfile>> profiles,
      CpuSettings original) {
    Optional<PowerProfile> found = profiles.apply(profileName);
    if (found.isEmpty()) {
      return new Desire.Refused(
          profileName, "power profile \"" + profileName + "\" does not exist or is invalid");
    }
    PowerProfile profile = found.get();
    return target(hw, profile, original);
  }

  /** The settings {@code profile} asks of this CPU, or why it cannot have them. */
  public static Desire target(CpuHardware hw, PowerProfile profile, CpuSettings original) {
    ProfileWindow.Resolved window = ProfileWindow.on(hw, profile);
    if (window instanceof ProfileWindow.Refusal r) {
      return new Desire.Refused(profile.name(), r.reason());
    }
    ProfileWindow.Window w = (ProfileWindow.Window) window;
    String governor;
    if (profile.governor().isPresent()) {
      governor = profile.governor().get().sysfsValue();
      if (!hw.governors().contains(governor)) {
        return new Desire.Refused(
            profile.name(),
            "power profile \""
                + profile.name()
                + "\" asks for governor "
                + governor
                + ", which cpu "
                + hw.cpu()
                + " does not offer (available: "
                + String.join(" ", hw.governors())
                + ")");
      }
    } else {
      governor = defaultGovernor(hw, original);
    }
    Optional<String> epp = Optional.empty();
    boolean pinned = Governor.PERFORMANCE.sysfsValue().equals(governor);
    if (hw.eppSupported() && (profile.epp().isPresent() || pinned)) {
      // no EPP in the profile: the CPU's EPP is left as it is (never written)
      String wanted = pinned ? Epp.PERFORMANCE.sysfsValue() : profile.epp().get().sysfsValue();
      if (!pinned && !hw.epps().contains(wanted)) {
        return new Desire.Refused(
            profile.name(),
            "power profile \""
                + profile.name()
                + "\" asks for EPP "
                + wanted
                + ", which cpu "
                + hw.cpu()
                + " does not offer (available: "
                + String.join(" ", hw.epps())
                + ")");
      }
      if (pinned && profile.epp().filter(e -> e != Epp.PERFORMANCE).isPresent()) {
        return new Desire.Refused(
            profile.name(),
            "governor performance pins cpu "
                + hw.cpu()
                + "'s EPP to performance, so power profile \""
                + profile.name()
                + "\" EPP "
                + profile.epp().get()
                + " cannot apply");
      }
      epp = Optional.of(wanted);
    }
    return new Desire.Target(
        new CpuSettings(governor, epp, w.min(), w.max()), "profile " + profile.name());
  }

  /**
   * The governor for a profile that names none: powersave where EPP applies under it, else
   * schedutil, else what the CPU had.
   */
  static String defaultGovernor(CpuHardware hw, CpuSettings original) {
    String powersave = Governor.POWERSAVE.sysfsValue();
    String schedutil = Governor.SCHEDUTIL.sysfsValue();
    if (hw.eppSupported() && hw.governors().contains(powersave)) {
      return powersave;
    }
    if (hw.governors().contains(schedutil)) {
      return schedutil;
    }
    return original.governor();
  }
}
