package io.powermanager.reconciler;

import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.ControllerLoop;
import io.powermanager.reconciler.runtime.ControllerObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reconcilers' Prometheus metrics:
 *
 * <ul>
 *   <li>{@code power_manager_reconciles_total{controller,result}} — result done, requeue or error;
 *   <li>{@code power_manager_reconcile_duration_seconds{controller}} — reconcile latency;
 *   <li>{@code power_manager_reconcile_queue_depth{controller}} — keys ready to run;
 *   <li>{@code power_manager_api_writes_total{kind,verb}} — every write to the API server;
 *   <li>{@code power_manager_reconciler_leader} — 1 while this replica runs the controllers.
 * </ul>
 *
 * Thread-safe.
 */
public final class ReconcilerMetrics implements ControllerObserver, FabricWriter.WriteCounter {

  private final Counter reconciles;
  private final Histogram latency;
  private final Counter writes;
  private final AtomicBoolean leading = new AtomicBoolean();

  ReconcilerMetrics(PrometheusRegistry registry, List<ControllerLoop> loops) {
    reconciles =
        Counter.builder()
            .name("power_manager_reconciles_total")
            .help("Reconciles run, by controller and result (done, requeue, error).")
            .labelNames("controller", "result")
            .register(registry);
    latency =
        Histogram.builder()
            .name("power_manager_reconcile_duration_seconds")
            .help("Time one reconcile took, by controller.")
            .labelNames("controller")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5)
            .register(registry);
    writes =
        Counter.builder()
            .name("power_manager_api_writes_total")
            .help("Writes sent to the API server by the reconcilers, by kind and verb.")
            .labelNames("kind", "verb")
            .register(registry);
    GaugeWithCallback.builder()
        .name("power_manager_reconcile_queue_depth")
        .help("Keys waiting for a worker, by controller.")
        .labelNames("controller")
        .callback(cb -> loops.forEach(l -> cb.call(l.depth(), l.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("power_manager_reconciler_leader")
        .help("1 while this replica runs the reconcilers (holds the leader Lease), else 0.")
        .callback(cb -> cb.call(leading.get() ? 1 : 0))
        .register(registry);
  }

  @Override
  public void reconciled(String controller, Outcome outcome, Duration elapsed) {
    reconciles.labelValues(controller, outcome.label()).inc();
    latency.labelValues(controller).observe(elapsed.toNanos() / 1e9);
  }

  @Override
  public void wrote(String kind, String verb) {
    writes.labelValues(kind, verb).inc();
  }

  void leading(boolean value) {
    leading.set(value);
  }
}
