package io.powermanager.agent.telemetry;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The agent's telemetry metrics, read at scrape time from the latest {@link TelemetrySnapshot}
 * (collected on the heartbeat, so a scrape reads no file). Names are stable; registered once per
 * registry. Thread-safe.
 *
 * <ul>
 *   <li>{@value #ENERGY}{@code {zone}}: RAPL energy per zone ({@code package-0}, {@code
 *       package-0/core}), counted across wraps of {@code energy_uj}; never decreases
 *   <li>{@value #RAPL}: 1 when RAPL zones can be read, 0 when the node has none (a capability fact)
 *   <li>{@value #PACKAGE_POWER}: mean power of the package zones over the latest interval
 *   <li>{@value #IDLE_SECONDS}, {@value #IDLE_ENTRIES}{@code {cpu,state}}: {@code
 *       cpuN/cpuidle/stateK/time} and {@code usage}
 *   <li>{@value #CUR_FREQ}{@code {cpu}}: {@code scaling_cur_freq}; {@value #UNCORE_FREQ}{@code
 *       {domain}}: uncore {@code current_freq_khz} where present
 *   <li>{@value #PROFILE_CPUS}, {@value #PROFILE_ENERGY}{@code {profile}}: CPUs per profile and the
 *       ESTIMATED share of package energy (busy-time split, see {@link TelemetryCollector})
 *   <li>{@value #POD_ENERGY}, {@value #POD_FREQ}{@code {namespace,pod}} (opt-in, at most the
 *       configured number of pods) and {@value #PODS_NOT_REPORTED}
 * </ul>
 */
public final class TelemetryMetrics {

  public static final String ENERGY = "power_manager_agent_energy_joules_total";
  public static final String RAPL = "power_manager_agent_rapl_available";
  public static final String PACKAGE_POWER = "power_manager_agent_package_power_watts";
  public static final String IDLE_SECONDS = "power_manager_agent_cpu_idle_seconds_total";
  public static final String IDLE_ENTRIES = "power_manager_agent_cpu_idle_entries_total";
  public static final String CUR_FREQ = "power_manager_agent_cpu_current_frequency_khz";
  public static final String UNCORE_FREQ = "power_manager_agent_uncore_current_frequency_khz";
  public static final String PROFILE_CPUS = "power_manager_agent_profile_cpus";
  public static final String PROFILE_ENERGY =
      "power_manager_agent_profile_estimated_energy_joules_total";
  public static final String POD_ENERGY = "power_manager_agent_pod_estimated_energy_joules_total";
  public static final String POD_FREQ = "power_manager_agent_pod_mean_frequency_khz";
  public static final String PODS_NOT_REPORTED = "power_manager_agent_pods_not_reported";

  private static final String SPLIT =
      " ESTIMATE: each interval's RAPL package energy split by the busy time of the CPUs"
          + " (/proc/stat; CPU count x mean busy time), by CPU count when none was busy.";

  private TelemetryMetrics() {}

  /** Registers the metrics, each reading {@code latest} when scraped. */
  public static void register(PrometheusRegistry registry, Supplier<TelemetrySnapshot> latest) {
    CounterWithCallback.builder()
        .name(ENERGY)
        .help("RAPL energy per powercap zone, across counter wraps (never decreases)")
        .labelNames("zone")
        .callback(cb -> latest.get().zoneJoules().forEach((z, j) -> cb.call(j, z)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(RAPL)
        .help("1 when powercap intel-rapl zones can be read on this node, 0 when it has none")
        .callback(cb -> cb.call(latest.get().raplAvailable() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name(PACKAGE_POWER)
        .help("mean power of the RAPL package zones over the agent's latest telemetry interval")
        .callback(
            cb -> {
              double w = latest.get().packageWatts();
              if (!Double.isNaN(w)) {
                cb.call(w);
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name(IDLE_SECONDS)
        .help("time spent in each cpuidle state (cpuN/cpuidle/stateK/time)")
        .labelNames("cpu", "state")
        .callback(cb -> perCpuState(latest.get(), true, cb::call))
        .register(registry);
    CounterWithCallback.builder()
        .name(IDLE_ENTRIES)
        .help("entries into each cpuidle state (cpuN/cpuidle/stateK/usage)")
        .labelNames("cpu", "state")
        .callback(cb -> perCpuState(latest.get(), false, cb::call))
        .register(registry);
    GaugeWithCallback.builder()
        .name(CUR_FREQ)
        .help("current frequency per CPU (cpufreq scaling_cur_freq)")
        .labelNames("cpu")
        .callback(
            cb -> {
              TelemetrySnapshot s = latest.get();
              for (int i = 0; i < s.curKhz().length; i++) {
                if (s.curKhz()[i] >= 0) {
                  cb.call(s.curKhz()[i], s.cpus().get(i));
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name(UNCORE_FREQ)
        .help("current uncore frequency per domain (intel_uncore_frequency current_freq_khz)")
        .labelNames("domain")
        .callback(cb -> latest.get().uncoreKhz().forEach((d, khz) -> cb.call(khz, d)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(PROFILE_CPUS)
        .help(
            "CPUs running each profile ((reserved): kubelet-reserved, (unprofiled): Default pool)")
        .labelNames("profile")
        .callback(cb -> latest.get().profileCpus().forEach((p, n) -> cb.call(n, p)))
        .register(registry);
    CounterWithCallback.builder()
        .name(PROFILE_ENERGY)
        .help("package energy attributed to each profile." + SPLIT)
        .labelNames("profile")
        .callback(cb -> latest.get().profileJoules().forEach((p, j) -> cb.call(j, p)))
        .register(registry);
    CounterWithCallback.builder()
        .name(POD_ENERGY)
        .help("package energy attributed to a pod's exclusive CPUs (opt-in)." + SPLIT)
        .labelNames("namespace", "pod")
        .callback(cb -> latest.get().podJoules().forEach((p, j) -> pod(p, j, cb::call)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(POD_FREQ)
        .help("mean scaling_cur_freq of a pod's exclusive CPUs (opt-in)")
        .labelNames("namespace", "pod")
        .callback(cb -> latest.get().podMeanKhz().forEach((p, k) -> pod(p, k, cb::call)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(PODS_NOT_REPORTED)
        .help("pods with exclusive CPUs left out of the per-pod series by their limit")
        .callback(cb -> cb.call(latest.get().podsNotReported()))
        .register(registry);
  }

  @FunctionalInterface
  private interface Sink {
    void call(double value, String... labels);
  }

  private static void pod(String nsName, double value, Sink sink) {
    int slash = nsName.indexOf('/');
    sink.call(value, nsName.substring(0, slash), nsName.substring(slash + 1));
  }

  private static void perCpuState(TelemetrySnapshot s, boolean time, Sink sink) {
    long[][] values = time ? s.idleTimeUs() : s.idleUsage();
    for (int i = 0; i < values.length; i++) {
      for (int k = 0; k < values[i].length; k++) {
        long v = values[i][k];
        if (v >= 0) {
          sink.call(time ? v / 1e6 : v, s.cpus().get(i), s.stateNames().get(k));
        }
      }
    }
  }
}
