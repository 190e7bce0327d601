package io.powermanager.domain.tuning;

import java.util.Objects;

/**
 * One sysfs write of a plan: {@code value} into the file {@code path} of {@code knob}.
 *
 * @param cpu the CPU the file belongs to, or {@link #NODE} for a file of the node (an uncore
 *     domain, the turbo switch)
 * @param knob what the file is
 * @param path the file, relative to {@code /sys/devices/system/cpu}
 * @param value the text to write, without newline (kHz for frequencies)
 */
public record PlannedWrite(int cpu, Knob knob, String path, String value) {

  /** The {@link #cpu} of a write to a file that belongs to the node, not to one CPU. */
  public static final int NODE = -1;

  public PlannedWrite {
    Objects.requireNonNull(knob, "knob");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    if (cpu < NODE) {
      throw new IllegalArgumentException("cpu " + cpu + " is negative");
    }
    if ((cpu == NODE) != (knob.scope() == Knob.Scope.NODE_FILE)) {
      throw new IllegalArgumentException(knob + " written as " + (cpu == NODE ? "node" : "cpu"));
    }
  }

  /** A write of a cpufreq knob of {@code cpu}: {@code cpuN/cpufreq/<file>}. */
  public PlannedWrite(int cpu, Knob knob, String value) {
    this(cpu, knob, knob.path(cpu), value);
  }

  /** A write of a knob whose file is named by more than a CPU id, or of a node-level file. */
  public static PlannedWrite file(int cpu, Knob knob, String path, String value) {
    return new PlannedWrite(cpu, knob, path, value);
  }

  /** Whether the file belongs to the node rather than one CPU. */
  public boolean nodeLevel() {
    return cpu == NODE;
  }

  /**
   * What a refused write stops: the CPU's later writes for a CPU file, the directory's later writes
   * for a node file (an uncore domain's min and max go together).
   */
  public String unit() {
    if (!nodeLevel()) {
      return "cpu" + cpu;
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  @Override
  public String toString() {
    return path + "=" + value;
  }
}
