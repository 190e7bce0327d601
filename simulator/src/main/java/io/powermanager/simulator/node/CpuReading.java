package io.powermanager.simulator.node;

import io.powermanager.testkit.sysfs.EmulatedSysfs;
import java.util.Optional;

/**
 * One CPU's cpufreq settings as the emulated sysfs shows them.
 *
 * @param cpu the CPU id
 * @param governor {@code scaling_governor}
 * @param minKhz {@code scaling_min_freq}
 * @param maxKhz {@code scaling_max_freq}
 * @param epp {@code energy_performance_preference}; empty when the hardware has none
 */
public record CpuReading(int cpu, String governor, long minKhz, long maxKhz, Optional<String> epp) {

  /** Reads CPU {@code cpu} of {@code sysfs} now. */
  public static CpuReading of(EmulatedSysfs sysfs, int cpu) {
    EmulatedSysfs.CpuView view = sysfs.cpu(cpu);
    return new CpuReading(
        cpu,
        view.governor(),
        view.scalingMinKhz(),
        view.scalingMaxKhz(),
        sysfs.model().hasEpp() ? Optional.of(view.epp()) : Optional.empty());
  }

  /** {@code 1000-1500 MHz power powersave}: window, EPP (or {@code -}), governor. */
  public String describe() {
    return minKhz / 1000 + "-" + maxKhz / 1000 + " MHz " + epp.orElse("-") + " " + governor;
  }

  /** Everything but the CPU id. */
  public boolean sameSettings(CpuReading other) {
    return governor.equals(other.governor)
        && minKhz == other.minKhz
        && maxKhz == other.maxKhz
        && epp.equals(other.epp);
  }
}
