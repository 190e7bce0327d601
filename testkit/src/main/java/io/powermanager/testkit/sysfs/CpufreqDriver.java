package io.powermanager.testkit.sysfs;

/** The cpufreq scaling drivers the emulator knows, with the name {@code scaling_driver} shows. */
public enum CpufreqDriver {
  /**
   * intel_pstate in active mode with HWP: governors are the driver's own {@code performance} and
   * {@code powersave}, EPP files exist, {@code base_frequency} exists, frequency limits are mapped
   * to 100 MHz P-state ratios.
   */
  INTEL_PSTATE("intel_pstate"),
  /**
   * acpi-cpufreq: the generic governors, {@code scaling_available_frequencies}, no EPP and no
   * {@code base_frequency}; limits are kept as written (after clamping).
   */
  ACPI_CPUFREQ("acpi-cpufreq");

  private final String sysfsName;

  CpufreqDriver(String sysfsName) {
    this.sysfsName = sysfsName;
  }

  /** The value of {@code cpufreq/scaling_driver}. */
  public String sysfsName() {
    return sysfsName;
  }
}
