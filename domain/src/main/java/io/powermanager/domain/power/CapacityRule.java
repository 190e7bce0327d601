package io.powermanager.domain.power;

import java.util.Optional;

/**
 * How many CPUs of a node may run a profile at once — the capacity advertised as the extended
 * resource {@code power.intel.com/<profile>}.
 *
 * <p>A profile's {@code cpuCapacity} decides when set (an absolute count, capped at the node's
 * allocatable CPUs, or a percentage of them, rounded down). Otherwise the upstream-compatible
 * default applies, keyed by EPP: {@code performance} 40 %, {@code balance_performance} 60 %, {@code
 * balance_power} 80 %, {@code power} 100 %. Upstream applied those to every CPU of the node; here
 * they apply to the allocatable CPUs (online minus reserved), which are the only ones a pod can
 * get.
 */
public final class CapacityRule {

  private CapacityRule() {}

  public static CpuCapacity defaultFor(Epp epp) {
    return new CpuCapacity.Percent(
        switch (epp) {
          case PERFORMANCE -> 40;
          case BALANCE_PERFORMANCE -> 60;
          case BALANCE_POWER -> 80;
          case POWER -> 100;
        });
  }

  public static int capacity(Optional<CpuCapacity> configured, Epp epp, int allocatableCpus) {
    return capacity(configured, Optional.of(epp), allocatableCpus);
  }

  /** As above; a profile without EPP may run on every allocatable CPU by default (Intel's 1.0). */
  public static int capacity(
      Optional<CpuCapacity> configured, Optional<Epp> epp, int allocatableCpus) {
    if (allocatableCpus <= 0) {
      return 0;
    }
    return configured
        .orElseGet(() -> epp.map(CapacityRule::defaultFor).orElse(new CpuCapacity.Percent(100)))
        .of(allocatableCpus);
  }
}
