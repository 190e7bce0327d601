package io.powermanager.domain.tuning;

import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.PowerProfile;
import java.util.Objects;
import java.util.Optional;

/**
 * A profile's frequency window on one CPU: its bounds ({@code 2400}, {@code 50%}, {@code base},
 * {@code min}, {@code max}; absent = the CPU's own limit) resolved against that CPU's own hardware,
 * then given as the driver will hold them ({@link CpuHardware#asHeld}: rounded down to its
 * granularity, never below {@code cpuinfo_min_freq}). Pure.
 */
public final class ProfileWindow {

  private ProfileWindow() {}

  /** The outcome on one CPU: a window, or why the CPU cannot run the profile's window. */
  public sealed interface Resolved permits Window, Refusal {}

  /** Both ends as the driver will hold them, {@code min ≤ max}. */
  public record Window(Frequency min, Frequency max) implements Resolved {
    public Window {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
    }
  }

  /** Why this CPU cannot run the window, for conditions and Events. */
  public record Refusal(String reason) implements Resolved {
    public Refusal {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code profile}'s window on the CPU {@code hw}. */
  public static Resolved on(CpuHardware hw, PowerProfile profile) {
    FrequencyBound minBound = profile.min().orElse(FrequencyBound.Symbol.MIN);
    FrequencyBound maxBound = profile.max().orElse(FrequencyBound.Symbol.MAX);
    Optional<Frequency> min = minBound.resolve(hw.range());
    Optional<Frequency> max = maxBound.resolve(hw.range());
    if (min.isEmpty() || max.isEmpty()) {
      return new Refusal(
          "power profile \""
              + profile.name()
              + "\" asks for "
              + (min.isEmpty() ? "min" : "max")
              + " \"base\", but cpu "
              + hw.cpu()
              + " has no base_frequency (driver "
              + hw.driver()
              + ")");
    }
    if (!hw.range().contains(min.get()) || !hw.range().contains(max.get())) {
      return new Refusal(
          "power profile \""
              + profile.name()
              + "\" window "
              + min.get().mhz()
              + "-"
              + max.get().mhz()
              + " MHz is outside cpu "
              + hw.cpu()
              + "'s hardware range "
              + hw.cpuinfoMin().mhz()
              + "-"
              + hw.cpuinfoMax().mhz()
              + " MHz");
    }
    Frequency heldMin = hw.asHeld(min.get());
    Frequency heldMax = hw.asHeld(max.get());
    if (heldMin.compareTo(heldMax) > 0) {
      return new Refusal(
          "power profile \""
              + profile.name()
              + "\" min \""
              + minBound.text()
              + "\" resolves to "
              + heldMin
              + " on cpu "
              + hw.cpu()
              + ", above its max \""
              + maxBound.text()
              + "\" at "
              + heldMax);
    }
    return new Window(heldMin, heldMax);
  }
}
