package io.powermanager.webhook;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The webhook's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code power_manager_webhook_reviews_total{webhook, kind, operation, verdict}}: reviews
 *       answered with HTTP 200; verdict {@code allowed}, {@code patched}, {@code denied} or {@code
 *       errored} (a request or object that could not be read, or a webhook fault);
 *   <li>{@code power_manager_webhook_rejected_requests_total{webhook, reason}}: bodies refused
 *       before a review (400 unreadable, 400 content type, 413 too large);
 *   <li>{@code power_manager_webhook_review_duration_seconds{webhook}}: time from the handler's
 *       start to the encoded answer, with the API server's bucket edges (5 ms … 25 s) and finer
 *       ones below 5 ms.
 * </ul>
 *
 * Label values are bounded (kinds and operations outside the known ones read {@code other}).
 * Thread-safe.
 */
public final class WebhookMetrics {

  /** The API server's admission webhook buckets, plus finer ones below its first (5 ms). */
  static final double[] BUCKETS = {
    0.00025, 0.0005, 0.001, 0.002, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 25
  };

  private static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT");
  private static final List<String> WEBHOOKS = List.of("validate", "mutate");

  private final Counter reviews;
  private final Counter rejected;
  private final Histogram duration;
  private final Map<String, DistributionDataPoint> durations = new ConcurrentHashMap<>();

  /** The review counters' data points, by webhook, kind, operation and verdict, once looked up. */
  private final AtomicReferenceArray<CounterDataPoint> reviewPoints =
      new AtomicReferenceArray<>(
          WEBHOOKS.size()
              * AdmittedKind.values().length
              * (OPERATIONS.size() + 1)
              * Verdict.values().length);

  public WebhookMetrics(PrometheusRegistry registry) {
    reviews =
        Counter.builder()
            .name("power_manager_webhook_reviews_total")
            .help("Admission reviews answered, by webhook, kind, operation and verdict")
            .labelNames("webhook", "kind", "operation", "verdict")
            .withoutExemplars()
            .register(registry);
    rejected =
        Counter.builder()
            .name("power_manager_webhook_rejected_requests_total")
            .help("Request bodies refused before a review, by webhook and reason")
            .labelNames("webhook", "reason")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("power_manager_webhook_review_duration_seconds")
            .help("Time to answer an admission review inside the webhook")
            .unit(Unit.SECONDS)
            .labelNames("webhook")
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .withoutExemplars()
            .register(registry);
  }

  /** The verdict label of a review answered with HTTP 200. */
  enum Verdict {
    ALLOWED,
    PATCHED,
    DENIED,
    ERRORED;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    String label() {
      return label;
    }
  }

  void review(String webhook, AdmittedKind kind, String operation, Verdict verdict) {
    int hook = WEBHOOKS.indexOf(webhook);
    int op = operation == null ? -1 : OPERATIONS.indexOf(operation);
    String opLabel = op >= 0 ? operation : "other";
    if (hook < 0) {
      reviews.labelValues(webhook, kind.label(), opLabel, verdict.label()).inc();
      return;
    }
    int index =
        ((hook * AdmittedKind.values().length + kind.ordinal()) * (OPERATIONS.size() + 1)
                    + (op >= 0 ? op : OPERATIONS.size()))
                * Verdict.values().length
            + verdict.ordinal();
    CounterDataPoint point = reviewPoints.get(index);
    if (point == null) {
      point = reviews.labelValues(webhook, kind.label(), opLabel, verdict.label());
      reviewPoints.set(index, point);
    }
    point.inc();
  }

  void rejected(String webhook, String reason) {
    rejected.labelValues(webhook, reason).inc();
  }

  void duration(String webhook, long nanos) {
    durations.computeIfAbsent(webhook, w -> duration.labelValues(w)).observe(nanos / 1e9);
  }
}
