package io.powermanager.domain.tuning;

/** The per-CPU cpufreq files the agent writes, relative to the sysfs CPU root. */
public enum Knob {
  GOVERNOR("scaling_governor"),
  EPP("energy_performance_preference"),
  MIN_FREQ("scaling_min_freq"),
  MAX_FREQ("scaling_max_freq");

  private final String file;

  Knob(String file) {
    this.file = file;
  }

  /** The file name inside {@code cpuN/cpufreq/}. */
  public String file() {
    return file;
  }

  /** {@code cpuN/cpufreq/<file>}, relative to {@code /sys/devices/system/cpu}. */
  public String path(int cpu) {
    return "cpu" + cpu + "/cpufreq/" + file;
  }
}
