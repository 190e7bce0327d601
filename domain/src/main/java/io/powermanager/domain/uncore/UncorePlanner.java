package io.powermanager.domain.uncore;

import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides each uncore domain's limits and the writes that reach them.
 *
 * <p>Layers, later wins per bound: the domain's original limits (its snapshot, or what it holds
 * before the agent first writes it) → {@code sysMin}/{@code sysMax} (each alone sets that bound
 * only) → a package selector (no die: every die of the package) → a die selector. The result is
 * what the driver keeps (truncated to 100 MHz) and held inside the domain's own initial range; a
 * bound moved into the range is reported as clamped, and a window left with {@code min > max} is
 * refused (nothing written to that domain). Without limits the domain returns to its originals.
 */
public final class UncorePlanner {

  private UncorePlanner() {}

  /**
   * One domain's decision.
   *
   * @param domain the domain
   * @param want the limits to hold (the current ones when refused)
   * @param clamped one sentence per bound moved into the domain's initial range
   * @param refused why nothing is written, when the layered window is empty
   */
  public record Target(
      UncoreDomain domain, UncoreWindow want, List<String> clamped, Optional<String> refused) {
    public Target {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(want, "want");
      clamped = List.copyOf(clamped);
      Objects.requireNonNull(refused, "refused");
    }
  }

  /**
   * The limits {@code domain} should hold.
   *
   * @param limits the node's Uncore object, empty when none applies (restore the originals)
   * @param original the domain's limits before the agent first wrote them
   */
  public static Target target(
      UncoreDomain domain, Optional<UncoreLimits> limits, UncoreWindow original) {
    if (limits.isEmpty()) {
      return new Target(domain, original, List.of(), Optional.empty());
    }
    UncoreWindow asked = limits.get().window(domain, original);
    long min = asked.minKhz();
    long max = asked.maxKhz();
    List<String> clamped = new ArrayList<>();
    long heldMin = clamp(domain, "min", UncoreWindow.held(min), clamped);
    long heldMax = clamp(domain, "max", UncoreWindow.held(max), clamped);
    if (heldMin > heldMax) {
      return new Target(
          domain,
          original,
          clamped,
          Optional.of(
              domain.dir()
                  + ": min "
                  + heldMin
                  + " kHz is above max "
                  + heldMax
                  + " kHz after layering; nothing written"));
    }
    return new Target(domain, new UncoreWindow(heldMin, heldMax), clamped, Optional.empty());
  }

  private static long clamp(UncoreDomain d, String bound, long khz, List<String> clamped) {
    long kept = Math.max(d.initialMinKhz(), Math.min(d.initialMaxKhz(), khz));
    if (kept != khz) {
      clamped.add(
          d.dir()
              + ": "
              + bound
              + " "
              + khz
              + " kHz is outside the domain's range "
              + d.initial()
              + "; clamped to "
              + kept
              + " kHz");
    }
    return kept;
  }

  /**
   * The writes that bring {@code domain} from {@code have} to {@code want}: only the files that
   * differ, ordered so that {@code min ≤ max} holds after each one (the ceiling first when the new
   * floor lies above the current ceiling, the floor first otherwise). Empty when converged.
   */
  public static List<PlannedWrite> writes(
      UncoreDomain domain, UncoreWindow want, UncoreWindow have) {
    List<PlannedWrite> writes = new ArrayList<>(2);
    Optional<PlannedWrite> min =
        want.minKhz() == have.minKhz()
            ? Optional.empty()
            : Optional.of(write(domain, Knob.UNCORE_MIN_FREQ, want.minKhz()));
    Optional<PlannedWrite> max =
        want.maxKhz() == have.maxKhz()
            ? Optional.empty()
            : Optional.of(write(domain, Knob.UNCORE_MAX_FREQ, want.maxKhz()));
    if (want.minKhz() > have.maxKhz()) {
      max.ifPresent(writes::add);
      min.ifPresent(writes::add);
    } else {
      min.ifPresent(writes::add);
      max.ifPresent(writes::add);
    }
    return List.copyOf(writes);
  }

  private static PlannedWrite write(UncoreDomain domain, Knob knob, long khz) {
    return PlannedWrite.file(
        PlannedWrite.NODE, knob, domain.path() + knob.file(), Long.toString(khz));
  }
}
