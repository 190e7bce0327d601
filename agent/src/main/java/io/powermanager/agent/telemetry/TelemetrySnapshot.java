package io.powermanager.agent.telemetry;

import java.util.List;
import java.util.Map;

/**
 * What the latest telemetry collection found, for the metrics to show. Immutable (the arrays are
 * never changed after construction).
 *
 * @param raplAvailable whether any RAPL zone could be read
 * @param zoneJoules joules counted per zone label since the agent started (never decreasing)
 * @param cpus the CPUs read, as label values; index i matches the arrays
 * @param curKhz {@code scaling_cur_freq} per CPU; -1 when unreadable
 * @param stateNames the idle state names, index K = {@code stateK}
 * @param idleTimeUs {@code stateK/time} per CPU and state; -1 when unreadable
 * @param idleUsage {@code stateK/usage} per CPU and state; -1 when unreadable
 * @param uncoreKhz {@code current_freq_khz} per uncore domain that has it
 * @param profileCpus CPUs per profile (pool label)
 * @param profileJoules estimated joules per profile since the agent started
 * @param podJoules estimated joules per reported pod ({@code namespace/name}) since first seen
 * @param podMeanKhz mean {@code scaling_cur_freq} of each reported pod's exclusive CPUs
 * @param podsNotReported pods with exclusive CPUs left out by the per-pod limit
 * @param packageWatts mean package power over the latest interval; NaN before two readings or
 *     without RAPL
 */
public record TelemetrySnapshot(
    boolean raplAvailable,
    Map<String, Double> zoneJoules,
    List<String> cpus,
    long[] curKhz,
    List<String> stateNames,
    long[][] idleTimeUs,
    long[][] idleUsage,
    Map<String, Long> uncoreKhz,
    Map<String, Integer> profileCpus,
    Map<String, Double> profileJoules,
    Map<String, Double> podJoules,
    Map<String, Double> podMeanKhz,
    int podsNotReported,
    double packageWatts) {

  /** Before the first collection. */
  public static TelemetrySnapshot empty() {
    return new TelemetrySnapshot(
        false,
        Map.of(),
        List.of(),
        new long[0],
        List.of(),
        new long[0][],
        new long[0][],
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        Double.NaN);
  }
}
