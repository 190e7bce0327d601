package io.powermanager.agent.metrics;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.uncore.UncoreMetrics;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's metrics, registered in the registry handed in (one agent per registry: the names are
 * fixed). Thread-safe.
 *
 * <ul>
 *   <li>{@code power_manager_agent_cpu_min_frequency_khz}, {@code ..._max_frequency_khz}, {@code
 *       ..._cpu_epp} with labels {@code cpu} and {@code state} (desired, actual). EPP as its HWP
 *       value: performance 0, balance_performance 128, balance_power 192, power 255, a number as
 *       is.
 *   <li>{@code power_manager_agent_sysfs_writes_total}, {@code ..._sysfs_write_failures_total},
 *       {@code ..._readback_mismatches_total}
 *   <li>{@code power_manager_agent_refused_cpus}: CPUs whose pool's profile they cannot run
 *   <li>{@code power_manager_agent_pod_tune_seconds}: pod first seen → its CPUs written and read
 *       back
 *   <li>{@code power_manager_agent_podresources_errors_total} with label {@code kind}
 *   <li>{@code power_manager_agent_recompute_seconds}: one whole-node recompute
 * </ul>
 */
public final class AgentMetrics {

  private final Gauge minKhz;
  private final Gauge maxKhz;
  private final Gauge epp;
  private final Counter writes;
  private final Counter writeFailures;
  private final Counter mismatches;
  private final Gauge refused;
  private final Histogram podTune;
  private final Counter podResourcesErrors;
  private final Histogram recompute;
  private final UncoreMetrics uncore;
  private final Gauge cstateDisabled;

  public AgentMetrics(PrometheusRegistry registry) {
    uncore = new UncoreMetrics(registry);
    minKhz =
        Gauge.builder()
            .name("power_manager_agent_cpu_min_frequency_khz")
            .help("scaling_min_freq per CPU, desired and actual")
            .labelNames("cpu", "state")
            .register(registry);
    maxKhz =
        Gauge.builder()
            .name("power_manager_agent_cpu_max_frequency_khz")
            .help("scaling_max_freq per CPU, desired and actual")
            .labelNames("cpu", "state")
            .register(registry);
    epp =
        Gauge.builder()
            .name("power_manager_agent_cpu_epp")
            .help("energy_performance_preference per CPU as its HWP value, desired and actual")
            .labelNames("cpu", "state")
            .register(registry);
    writes =
        Counter.builder()
            .name("power_manager_agent_sysfs_writes_total")
            .help("sysfs writes the kernel accepted")
            .register(registry);
    writeFailures =
        Counter.builder()
            .name("power_manager_agent_sysfs_write_failures_total")
            .help("sysfs writes the kernel refused")
            .register(registry);
    mismatches =
        Counter.builder()
            .name("power_manager_agent_readback_mismatches_total")
            .help("written sysfs files that read back another value")
            .register(registry);
    refused =
        Gauge.builder()
            .name("power_manager_agent_refused_cpus")
            .help("CPUs whose pool asks for a profile they cannot run (nothing written)")
            .register(registry);
    podTune =
        Histogram.builder()
            .name("power_manager_agent_pod_tune_seconds")
            .help("time from a pod first seen by the agent to its CPUs written and read back")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    podResourcesErrors =
        Counter.builder()
            .name("power_manager_agent_podresources_errors_total")
            .help("failed kubelet PodResources calls")
            .labelNames("kind")
            .register(registry);
    recompute =
        Histogram.builder()
            .name("power_manager_agent_recompute_seconds")
            .help("one whole-node recompute: observe, plan, write, read back, report")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5)
            .register(registry);
    cstateDisabled =
        Gauge.builder()
            .name("power_manager_agent_cpu_cstate_disabled")
            .help(
                "1 when the idle state is disabled on the CPU, 0 when enabled (CPUs with C-states)")
            .labelNames("cpu", "state")
            .register(registry);
  }

  /** The idle states of the CPUs whose C-states the agent manages: CPU → state → disabled. */
  public void cstates(Map<Integer, Map<String, Boolean>> disabled) {
    disabled.forEach(
        (cpu, states) ->
            states.forEach(
                (state, off) ->
                    cstateDisabled.labelValues(Integer.toString(cpu), state).set(off ? 1 : 0)));
  }

  /** Records desired and actual settings and the write counters of one convergence. */
  public void record(Tuner.Outcome outcome, Map<Integer, CpuSettings> actual) {
    ApplyResult applied = outcome.applied();
    writes.inc(applied.written().size());
    writeFailures.inc(applied.failures().size());
    mismatches.inc(applied.mismatches().size());
    refused.set(outcome.plan().refusals().size());
    outcome
        .desires()
        .forEach(
            (cpu, desire) -> {
              String id = Integer.toString(cpu);
              if (desire instanceof Desire.Target t) {
                set(id, "desired", t.settings());
              }
              CpuSettings now = actual.get(cpu);
              if (now != null) {
                set(id, "actual", now);
              }
            });
  }

  private void set(String cpu, String state, CpuSettings s) {
    minKhz.labelValues(cpu, state).set(s.min().khz());
    maxKhz.labelValues(cpu, state).set(s.max().khz());
    eppValue(s.epp()).ifPresent(v -> epp.labelValues(cpu, state).set(v));
  }

  static Optional<Integer> eppValue(Optional<String> epp) {
    if (epp.isEmpty()) {
      return Optional.empty();
    }
    return switch (epp.get()) {
      case "performance" -> Optional.of(0);
      case "balance_performance" -> Optional.of(128);
      case "balance_power" -> Optional.of(192);
      case "power" -> Optional.of(255);
      default -> {
        try {
          yield Optional.of(Integer.parseInt(epp.get()));
        } catch (NumberFormatException e) {
          yield Optional.empty();
        }
      }
    };
  }

  public void podTuned(double seconds) {
    podTune.observe(seconds);
  }

  public void podResourcesError(String kind) {
    podResourcesErrors.labelValues(kind).inc();
  }

  public void recomputed(double seconds) {
    recompute.observe(seconds);
  }

  /** {@code power_manager_agent_uncore_frequency_khz}. */
  public UncoreMetrics uncore() {
    return uncore;
  }
}
