package io.powermanager.domain.cstates;

import java.util.Objects;

/**
 * One idle state of one CPU as its own {@code cpuN/cpuidle/stateK/} shows it (tables can differ per
 * CPU with acpi_idle).
 *
 * @param index K in {@code stateK}
 * @param name {@code name}, e.g. {@code C6}
 * @param latencyUs {@code latency}: exit latency in microseconds
 */
public record IdleState(int index, String name, long latencyUs) {

  public IdleState {
    Objects.requireNonNull(name, "name");
    if (index < 0) {
      throw new IllegalArgumentException("idle state index " + index + " is negative");
    }
    if (latencyUs < 0) {
      throw new IllegalArgumentException("idle state " + name + ": negative latency " + latencyUs);
    }
  }

  /** {@code cpuN/cpuidle/stateK/disable}, relative to {@code /sys/devices/system/cpu}. */
  public String disablePath(int cpu) {
    return disablePath(cpu, index);
  }

  /** {@code cpuN/cpuidle/stateK/disable}, relative to {@code /sys/devices/system/cpu}. */
  public static String disablePath(int cpu, int index) {
    return "cpu" + cpu + "/cpuidle/state" + index + "/disable";
  }
}
