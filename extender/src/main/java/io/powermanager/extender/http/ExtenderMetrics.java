package io.powermanager.extender.http;

import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.wire.ExtenderFilterResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The extender's Prometheus metrics, registered once in the registry handed in:
 *
 * <ul>
 *   <li>{@code power_manager_extender_requests_total{verb, outcome}}: outcome {@code ok}, {@code
 *       bad_request} or {@code error};
 *   <li>{@code power_manager_extender_request_duration_seconds{verb}}: time to decide and encode;
 *   <li>{@code power_manager_extender_filtered_nodes_total{result}}: {@code passed}, {@code failed}
 *       or {@code unresolvable};
 *   <li>{@code power_manager_extender_cached_nodes} and {@code
 *       power_manager_extender_charged_pods}: the capacity view's size.
 * </ul>
 */
public final class ExtenderMetrics {

  static final String OK = "ok";
  static final String BAD_REQUEST = "bad_request";
  static final String ERROR = "error";

  private final Counter requests;
  private final Histogram duration;
  private final Counter filtered;

  public ExtenderMetrics(PrometheusRegistry registry, CapacityView view) {
    requests =
        Counter.builder()
            .name("power_manager_extender_requests_total")
            .help("Scheduler extender requests by verb and outcome")
            .labelNames("verb", "outcome")
            .register(registry);
    duration =
        Histogram.builder()
            .name("power_manager_extender_request_duration_seconds")
            .help("Time to read, decide and answer a scheduler extender request")
            .labelNames("verb")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)
            .register(registry);
    filtered =
        Counter.builder()
            .name("power_manager_extender_filtered_nodes_total")
            .help("Nodes judged by /filter, by result")
            .labelNames("result")
            .register(registry);
    GaugeWithCallback.builder()
        .name("power_manager_extender_cached_nodes")
        .help("Nodes the capacity view knows (Node, PowerNode or charged pods)")
        .callback(cb -> cb.call(view.nodeCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("power_manager_extender_charged_pods")
        .help("Pods whose power CPUs the capacity view counts against a node")
        .callback(cb -> cb.call(view.chargedPodCount()))
        .register(registry);
  }

  void request(String verb, String outcome, long nanos) {
    requests.labelValues(verb, outcome).inc();
    duration.labelValues(verb).observe(nanos / 1e9);
  }

  void filtered(ExtenderFilterResult result) {
    int passed =
        result.nodeNames() != null
            ? result.nodeNames().size()
            : result.nodes() == null ? 0 : result.nodes().path("items").size();
    filtered.labelValues("passed").inc(passed);
    filtered.labelValues("failed").inc(result.failedNodes().size());
    filtered.labelValues("unresolvable").inc(result.failedAndUnresolvableNodes().size());
  }
}
