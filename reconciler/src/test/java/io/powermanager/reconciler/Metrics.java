package io.powermanager.reconciler;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads counters back from a registry. */
public final class Metrics {

  private Metrics() {}

  /** The sum of every data point of a counter ({@code name} without {@code _total}). */
  public static double sum(PrometheusRegistry registry, String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name) && s instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
      }
    }
    return 0;
  }
}
