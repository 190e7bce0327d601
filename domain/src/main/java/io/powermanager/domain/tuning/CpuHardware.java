package io.powermanager.domain.tuning;

import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one CPU's cpufreq driver offers, as read from its own sysfs files (never from cpu0 on behalf
 * of the others: hybrid parts differ per core type).
 *
 * @param cpu the CPU id
 * @param driver {@code scaling_driver}, e.g. {@code intel_pstate}, {@code acpi-cpufreq}
 * @param cpuinfoMin {@code cpuinfo_min_freq}
 * @param cpuinfoMax {@code cpuinfo_max_freq}
 * @param base {@code base_frequency}, absent when the driver has no such file
 * @param governors {@code scaling_available_governors}
 * @param epps {@code energy_performance_available_preferences}; empty when EPP is unsupported
 */
public record CpuHardware(
    int cpu,
    String driver,
    Frequency cpuinfoMin,
    Frequency cpuinfoMax,
    Optional<Frequency> base,
    List<String> governors,
    List<String> epps) {

  /** {@code scaling_driver} of intel_pstate in active mode. */
  public static final String INTEL_PSTATE = "intel_pstate";

  /** {@code scaling_driver} of intel_pstate in passive mode. */
  public static final String INTEL_CPUFREQ = "intel_cpufreq";

  /** The P-state ratio step intel_pstate maps frequency limits to. */
  public static final Frequency PSTATE_RATIO = Frequency.ofMhz(100);

  public CpuHardware {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(cpuinfoMin, "cpuinfoMin");
    Objects.requireNonNull(cpuinfoMax, "cpuinfoMax");
    Objects.requireNonNull(base, "base");
    governors = List.copyOf(governors);
    epps = List.copyOf(epps);
    if (cpu < 0) {
      throw new IllegalArgumentException("cpu id " + cpu + " is negative");
    }
    if (cpuinfoMin.compareTo(cpuinfoMax) > 0) {
      throw new IllegalArgumentException(
          "cpu "
              + cpu
              + ": cpuinfo_min_freq "
              + cpuinfoMin
              + " above cpuinfo_max_freq "
              + cpuinfoMax);
    }
  }

  /** Whether {@code energy_performance_preference} exists for this CPU. */
  public boolean eppSupported() {
    return !epps.isEmpty();
  }

  public HardwareRange range() {
    return new HardwareRange(cpuinfoMin, cpuinfoMax, base);
  }

  /**
   * The granularity the driver keeps limits at: intel_pstate (active or passive) maps {@code
   * scaling_min_freq}/{@code scaling_max_freq} to 100 MHz P-state ratios and reads back the rounded
   * value; other drivers keep what was written (after clamping).
   */
  public Optional<Frequency> limitStep() {
    return INTEL_PSTATE.equals(driver) || INTEL_CPUFREQ.equals(driver)
        ? Optional.of(PSTATE_RATIO)
        : Optional.empty();
  }

  /**
   * The value the driver will hold (and show) after {@code f} is written, for an {@code f} inside
   * the hardware range: rounded down to {@link #limitStep()}, never below {@code cpuinfo_min_freq}.
   */
  public Frequency asHeld(Frequency f) {
    return limitStep().map(step -> Frequency.max(f.roundDown(step), cpuinfoMin)).orElse(f);
  }
}
