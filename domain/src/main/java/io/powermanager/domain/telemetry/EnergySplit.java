package io.powermanager.domain.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The estimated split of a node's package energy over groups of its CPUs (profiles, pods): each
 * group gets the share of the interval's busy time that its CPUs account for (CPU count × their
 * mean busy time, from {@code /proc/stat}); when no CPU was busy at all, the share of CPUs. An
 * estimate: package energy also pays for idle CPUs and the uncore, which this spreads by busy time.
 */
public final class EnergySplit {

  private EnergySplit() {}

  /**
   * Splits {@code joules} over the groups.
   *
   * @param busyTicks each group's busy ticks over the interval (sum over its CPUs)
   * @param cpus each group's CPU count, the fallback weight (same keys as {@code busyTicks})
   * @return joules per group, in {@code busyTicks}' order, summing to {@code joules} (within
   *     floating-point rounding) when any group has a CPU, else all zero
   */
  public static Map<String, Double> split(
      double joules, Map<String, Long> busyTicks, Map<String, Integer> cpus) {
    Objects.requireNonNull(busyTicks, "busyTicks");
    Objects.requireNonNull(cpus, "cpus");
    long totalBusy = 0;
    long totalCpus = 0;
    for (Map.Entry<String, Long> e : busyTicks.entrySet()) {
      totalBusy += e.getValue();
      totalCpus += cpus.getOrDefault(e.getKey(), 0);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : busyTicks.entrySet()) {
      double share;
      if (totalBusy > 0) {
        share = (double) e.getValue() / totalBusy;
      } else if (totalCpus > 0) {
        share = (double) cpus.getOrDefault(e.getKey(), 0) / totalCpus;
      } else {
        share = 0;
      }
      out.put(e.getKey(), joules * share);
    }
    return out;
  }
}
