package io.powermanager.agent.uncore;

import io.powermanager.api.v1alpha1.UncoreState;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * {@code power_manager_agent_uncore_frequency_khz{domain,bound="min|max|current"}}: each reported
 * uncore domain's limits and current frequency. Thread-safe.
 */
public final class UncoreMetrics {

  /** The gauge's name. */
  public static final String NAME = "power_manager_agent_uncore_frequency_khz";

  private final Gauge khz;

  public UncoreMetrics(PrometheusRegistry registry) {
    khz =
        Gauge.builder()
            .name(NAME)
            .help("uncore domain limits (min, max) and current frequency, kHz")
            .labelNames("domain", "bound")
            .register(registry);
  }

  /** Sets the gauges of the reported domains. */
  public void record(List<UncoreState> domains) {
    for (UncoreState d : domains) {
      khz.labelValues(d.getDomain(), "min").set(d.getMinKHz());
      khz.labelValues(d.getDomain(), "max").set(d.getMaxKHz());
      if (d.getCurrentKHz() != null) {
        khz.labelValues(d.getDomain(), "current").set(d.getCurrentKHz());
      }
    }
  }
}
