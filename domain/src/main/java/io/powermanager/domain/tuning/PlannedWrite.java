package io.powermanager.domain.tuning;

import java.util.Objects;

/**
 * One sysfs write of a plan: {@code value} into {@code knob} of {@code cpu}.
 *
 * @param cpu the CPU id
 * @param knob the file
 * @param value the text to write, without newline (kHz for frequencies)
 */
public record PlannedWrite(int cpu, Knob knob, String value) {

  public PlannedWrite {
    Objects.requireNonNull(knob, "knob");
    Objects.requireNonNull(value, "value");
  }

  /** {@code cpuN/cpufreq/<file>}. */
  public String path() {
    return knob.path(cpu);
  }

  @Override
  public String toString() {
    return path() + "=" + value;
  }
}
