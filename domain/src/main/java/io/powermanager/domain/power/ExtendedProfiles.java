package io.powermanager.domain.power;

import java.util.Optional;

/**
 * Derives an extended profile's frequency window from a node's hardware.
 *
 * <p>The formula, upstream v2.5's made safe for every node (upstream v1.0.2 refused nodes whose
 * maximum is under 2 GHz; this does not): with the node's common range {@code [lo, hi]} (see {@link
 * HardwareRange#commonTo}) and {@code span = hi − lo},
 *
 * <pre>
 *   max = hi                                   for performance (f = 0)
 *   max = roundDown100MHz(hi − span × f)       f = 0.25 balance-performance, 0.5 balance-power
 *   min = max − 200 MHz
 *   then both clamped into [lo, hi]
 * </pre>
 *
 * <p>The performance ceiling is the hardware maximum itself, unrounded (acpi-cpufreq reports turbo
 * as the nominal maximum + 1 MHz, and rounding would switch turbo off). Rounding to 100 MHz matches
 * the P-state ratio steps intel_pstate uses, so what the agent writes is what it reads back. The
 * window is always inside the hardware range, so every CPU of the node can run it. A base profile's
 * own {@code min}/{@code max}, when the user set them, win over the formula (clamped into the range
 * as well); per-CPU forms ({@code 50%}, {@code base}, see {@link FrequencyBound}) are kept as
 * written for the agent to resolve per CPU. {@code base_frequency} is published in status but not
 * used: the turbo range above it is exactly what performance profiles want.
 *
 * <p>Worked numbers are in {@code ExtendedProfilesTest} and the README.
 */
public final class ExtendedProfiles {

  static final Frequency STEP = Frequency.ofMhz(100);
  static final Frequency WINDOW = Frequency.ofMhz(200);

  private ExtendedProfiles() {}

  /** The extended profile of {@code base} on {@code node}, named {@code <base>-<node>}. */
  public static PowerProfile derive(
      PowerProfile base, BaseProfile kind, String node, HardwareRange hw) {
    String name = PowerNames.extendedProfileName(base.name(), node);
    Optional<Frequency> absMax = base.max().map(b -> b.absolute()).orElse(Optional.empty());
    Optional<Frequency> absMin = base.min().map(b -> b.absolute()).orElse(Optional.empty());
    boolean perCpuMax = base.max().isPresent() && absMax.isEmpty();
    boolean perCpuMin = base.min().isPresent() && absMin.isEmpty();
    if (!perCpuMax && !perCpuMin) {
      Frequency max = clamp(absMax.orElseGet(() -> defaultMax(kind, hw)), hw);
      Frequency min = clamp(Frequency.min(absMin.orElse(maxMinusWindow(max)), max), hw);
      return base.withFrequencies(name, min, max);
    }
    // per-CPU forms (50%, base, ...) stay as written: the agent resolves them per CPU
    Optional<FrequencyBound> max =
        perCpuMax
            ? base.max()
            : Optional.of(new FrequencyBound.Mhz(clamp(absMax.orElse(defaultMax(kind, hw)), hw)));
    Optional<FrequencyBound> min;
    if (perCpuMin) {
      min = base.min();
    } else if (absMin.isPresent()) {
      min = Optional.of(new FrequencyBound.Mhz(clamp(absMin.get(), hw)));
    } else {
      // the formula's min below a per-CPU max, taken on the node's common range
      Frequency resolvedMax = max.get().resolve(hw).orElse(hw.max());
      min = Optional.of(new FrequencyBound.Mhz(clamp(maxMinusWindow(resolvedMax), hw)));
    }
    return base.withBounds(name, min, max);
  }

  /** The window the formula gives, without a base profile's overrides. */
  public static Window window(BaseProfile kind, HardwareRange hw) {
    Frequency max = clamp(defaultMax(kind, hw), hw);
    Frequency min = clamp(maxMinusWindow(max), hw);
    return new Window(min, max);
  }

  /** A frequency window, both ends included. */
  public record Window(Frequency min, Frequency max) {}

  private static Frequency defaultMax(BaseProfile kind, HardwareRange hw) {
    if (kind.spanBelowMax() == 0) {
      return hw.max();
    }
    long span = hw.max().khz() - hw.min().khz();
    long below = Math.round(span * kind.spanBelowMax());
    Frequency raw = Frequency.ofKhz(hw.max().khz() - below);
    return Frequency.max(raw.roundDown(STEP), hw.min());
  }

  private static Frequency maxMinusWindow(Frequency max) {
    return max.minusClamped(WINDOW);
  }

  private static Frequency clamp(Frequency f, HardwareRange hw) {
    return Frequency.min(Frequency.max(f, hw.min()), hw.max());
  }
}
