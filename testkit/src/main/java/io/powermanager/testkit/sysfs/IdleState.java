package io.powermanager.testkit.sysfs;

/**
 * One cpuidle state ({@code cpuN/cpuidle/stateK/}); K is its index in {@link
 * HardwareModel#idleStates()}.
 *
 * @param name {@code name}, e.g. {@code C6}
 * @param desc {@code desc}, e.g. {@code MWAIT 0x20}
 * @param latencyUs {@code latency}: exit latency in microseconds
 * @param residencyUs {@code residency}: target residency in microseconds
 */
public record IdleState(String name, String desc, int latencyUs, int residencyUs) {

  public IdleState {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("idle state name is missing");
    }
    if (desc == null) {
      throw new IllegalArgumentException("idle state " + name + ": desc is missing");
    }
    if (latencyUs < 0 || residencyUs < 0) {
      throw new IllegalArgumentException(
          "idle state "
              + name
              + ": negative latency "
              + latencyUs
              + " or residency "
              + residencyUs);
    }
  }
}
