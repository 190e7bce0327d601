package io.powermanager.testkit.sysfs;

/**
 * One cpuidle state ({@code cpuN/cpuidle/stateK/}); K is its index in {@link
 * HardwareModel#idleStates()}.
 *
 * @param name {@code name}, e.g. {@code C6}
 * @param desc {@code desc}, e.g. {@code MWAIT 0x20}
 * @param latencyUs {@code latency}: exit latency in microseconds
 * @param residencyUs {@code residency}: target residency in microseconds
 * @param disabledAtBoot whether the kernel starts with the state disabled ({@code disable} reads
 *     {@code 1}, {@code default_status} reads {@code disabled}), as with {@code
 *     intel_idle.states_off} or a state the driver keeps off by default
 */
public record IdleState(
    String name, String desc, int latencyUs, int residencyUs, boolean disabledAtBoot) {

  /** A state enabled at boot. */
  public IdleState(String name, String desc, int latencyUs, int residencyUs) {
    this(name, desc, latencyUs, residencyUs, false);
  }

  /** This state, disabled at boot. */
  public IdleState offAtBoot() {
    return new IdleState(name, desc, latencyUs, residencyUs, true);
  }

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
