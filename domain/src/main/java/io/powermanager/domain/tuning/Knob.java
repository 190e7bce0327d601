package io.powermanager.domain.tuning;

/**
 * The sysfs files the agent writes, relative to the sysfs CPU root ({@code
 * /sys/devices/system/cpu}). The cpufreq knobs are per CPU and their path follows from the CPU id
 * alone ({@link #path(int)}); the others need more to name their file (an idle state's index, an
 * uncore domain's directory) and are planned with {@link PlannedWrite#file}.
 */
public enum Knob {
  GOVERNOR("scaling_governor", Scope.CPUFREQ),
  EPP("energy_performance_preference", Scope.CPUFREQ),
  MIN_FREQ("scaling_min_freq", Scope.CPUFREQ),
  MAX_FREQ("scaling_max_freq", Scope.CPUFREQ),
  /** {@code cpuN/cpuidle/stateK/disable}: {@code 1} keeps the CPU out of idle state K. */
  CSTATE_DISABLE("disable", Scope.CPU_FILE),
  /** {@code intel_uncore_frequency/<domain>/min_freq_khz}. */
  UNCORE_MIN_FREQ("min_freq_khz", Scope.NODE_FILE),
  /** {@code intel_uncore_frequency/<domain>/max_freq_khz}. */
  UNCORE_MAX_FREQ("max_freq_khz", Scope.NODE_FILE),
  /** A node-global turbo switch ({@code intel_pstate/no_turbo} or {@code cpufreq/boost}). */
  TURBO("turbo", Scope.NODE_FILE);

  /** How a knob's file is named. */
  public enum Scope {
    /** {@code cpuN/cpufreq/<file>}: named by the CPU id. */
    CPUFREQ,
    /** A file of one CPU named by more than its id (for example an idle state's index). */
    CPU_FILE,
    /** A file of the node, not of one CPU. */
    NODE_FILE
  }

  private final String file;
  private final Scope scope;

  Knob(String file, Scope scope) {
    this.file = file;
    this.scope = scope;
  }

  /** The file name (for {@link Scope#CPUFREQ} knobs, inside {@code cpuN/cpufreq/}). */
  public String file() {
    return file;
  }

  public Scope scope() {
    return scope;
  }

  /**
   * {@code cpuN/cpufreq/<file>}, relative to {@code /sys/devices/system/cpu}.
   *
   * @throws IllegalStateException for a knob whose path the CPU id alone does not name
   */
  public String path(int cpu) {
    if (scope != Scope.CPUFREQ) {
      throw new IllegalStateException(name() + " is not named by a CPU id alone");
    }
    return "cpu" + cpu + "/cpufreq/" + file;
  }
}
