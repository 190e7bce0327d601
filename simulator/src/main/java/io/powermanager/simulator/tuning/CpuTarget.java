package io.powermanager.simulator.tuning;

import io.powermanager.simulator.node.CpuReading;
import java.util.Optional;

/**
 * What a profile puts on a CPU: the frequency window, the EPP (when the hardware has one) and the
 * governor (when the profile names one).
 *
 * @param profile the profile the CPU runs (an extended {@code <base>-<node>} for a base profile)
 */
public record CpuTarget(
    String profile, long minKhz, long maxKhz, Optional<String> epp, Optional<String> governor) {

  /** Whether {@code reading} shows this target. */
  public boolean reachedBy(CpuReading reading) {
    return reading.minKhz() == minKhz
        && reading.maxKhz() == maxKhz
        && (epp.isEmpty() || epp.equals(reading.epp()))
        && (governor.isEmpty() || governor.get().equals(reading.governor()));
  }

  /** {@code 3300-3500 MHz performance}. */
  public String describe() {
    return minKhz / 1000 + "-" + maxKhz / 1000 + " MHz" + epp.map(e -> " " + e).orElse("");
  }
}
