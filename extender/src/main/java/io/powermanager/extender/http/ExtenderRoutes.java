package io.powermanager.extender.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.powermanager.extender.FilterService;
import io.powermanager.extender.LogKeys;
import io.powermanager.extender.PrioritizeService;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.extender.wire.BadRequestException;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.ExtenderFilterResult;
import io.powermanager.extender.wire.ExtenderJson;
import io.powermanager.extender.wire.HostPriority;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender's two routes, {@code POST /filter} and {@code POST /prioritize}, mountable on a
 * Javalin config someone else owns (the manager's one HTTPS server) or on {@link ExtenderServer}.
 *
 * <p>Transport rules: a body that is not an {@code ExtenderArgs} gets {@code 400} with the reason
 * as plain text; a body over the size limit gets {@code 413}; anything else that goes wrong is
 * answered {@code 200} — in {@code "Error"} for filter, as an empty score list for prioritize
 * (kube-scheduler ignores prioritize failures anyway) — never a 500. Answers are not compressed
 * even when the client accepts gzip (Go's HTTP client always does): compressing 100–200 KB costs
 * more than sending it, and doubled the median latency in the bench.
 */
public final class ExtenderRoutes implements Consumer<JavalinConfig> {

  /** The {@code filterVerb} kube-scheduler must be configured with. */
  public static final String FILTER_VERB = "filter";

  /** The {@code prioritizeVerb} kube-scheduler must be configured with. */
  public static final String PRIORITIZE_VERB = "prioritize";

  private static final Logger LOGGER = LoggerFactory.getLogger(ExtenderRoutes.class);
  private static final String JSON = "application/json";
  private static final String WARM_UP_REQUEST =
      """
      {"Pod":{"metadata":{"name":"warm-up","namespace":"default","uid":"00000000-0000-0000-0000-000000000000",\
      "creationTimestamp":"2026-01-01T00:00:00Z","labels":{"power.intel.com/profile":"performance"}},\
      "spec":{"containers":[{"name":"app","image":"app","resources":{\
      "limits":{"cpu":"2","memory":"1Gi","power.intel.com/performance":"2"},\
      "requests":{"cpu":"2","memory":"1Gi","power.intel.com/performance":"2"}},\
      "terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],\
      "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",\
      "securityContext":{},"schedulerName":"default-scheduler","tolerations":[{"key":"k",\
      "operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0},\
      "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",\
      "lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}],"qosClass":"Guaranteed"}},\
      "Nodes":null,"NodeNames":["warm-up-1","warm-up-2"]}\
      """;

  private final FilterService filter;
  private final PrioritizeService prioritize;
  private final ExtenderMetrics metrics;
  private final CapacityView view;
  private final long maxRequestBytes;

  public ExtenderRoutes(
      CapacityView view,
      FilterService filter,
      PrioritizeService prioritize,
      ExtenderMetrics metrics,
      long maxRequestBytes) {
    this.view = Objects.requireNonNull(view, "view");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.prioritize = Objects.requireNonNull(prioritize, "prioritize");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * The services over a view, with metrics in {@code registry}: what the manager mounts beside the
   * webhook (readiness: {@link #isReady()}).
   */
  public static ExtenderRoutes create(
      CapacityView view, ExtenderConfig config, PrometheusRegistry registry) {
    return new ExtenderRoutes(
        view,
        new FilterService(view),
        new PrioritizeService(view, config.policy()),
        new ExtenderMetrics(registry, view),
        config.maxRequestBytes());
  }

  /** Registers {@code POST /filter} and {@code POST /prioritize}. */
  @Override
  public void accept(JavalinConfig cfg) {
    cfg.routes.post("/" + FILTER_VERB, this::filter);
    cfg.routes.post("/" + PRIORITIZE_VERB, this::prioritize);
  }

  /**
   * Runs one sample request through decoding, both services and encoding, so class loading and
   * Jackson's introspection of the Pod model (about a second on a cold JVM) happen before
   * kube-scheduler's first call rather than inside its {@code httpTimeout}. Reads the view, changes
   * nothing. Call before serving.
   */
  public void warmUp() {
    ExtenderArgs sample = ExtenderJson.readArgs(WARM_UP_REQUEST.getBytes(StandardCharsets.UTF_8));
    ExtenderJson.write(filter.filter(sample));
    ExtenderJson.write(prioritize.prioritize(sample));
  }

  /** Ready once the capacity view's informers have synced. */
  public boolean isReady() {
    return view.isSynced();
  }

  private void filter(Context ctx) {
    long start = System.nanoTime();
    String outcome = ExtenderMetrics.OK;
    ExtenderFilterResult result;
    try {
      result = filter.filter(read(ctx));
      metrics.filtered(result);
    } catch (BadRequestException e) {
      badRequest(ctx, FILTER_VERB, e, start);
      return;
    } catch (RuntimeException e) {
      outcome = ExtenderMetrics.ERROR;
      warn(FILTER_VERB, e);
      result = ExtenderFilterResult.error("power extender could not filter: " + e);
    }
    ctx.disableCompression().contentType(JSON).result(ExtenderJson.write(result));
    metrics.request(FILTER_VERB, outcome, System.nanoTime() - start);
  }

  private void prioritize(Context ctx) {
    long start = System.nanoTime();
    String outcome = ExtenderMetrics.OK;
    List<HostPriority> result;
    try {
      result = prioritize.prioritize(read(ctx));
    } catch (BadRequestException e) {
      badRequest(ctx, PRIORITIZE_VERB, e, start);
      return;
    } catch (RuntimeException e) {
      outcome = ExtenderMetrics.ERROR;
      warn(PRIORITIZE_VERB, e);
      result = List.of();
    }
    ctx.disableCompression().contentType(JSON).result(ExtenderJson.write(result));
    metrics.request(PRIORITIZE_VERB, outcome, System.nanoTime() - start);
  }

  private ExtenderArgs read(Context ctx) {
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
    } catch (IOException e) {
      throw new BadRequestException("could not read the request body: " + e.getMessage(), e);
    }
    if (body.length > maxRequestBytes) {
      throw new TooLarge(maxRequestBytes);
    }
    return ExtenderJson.readArgs(body);
  }

  private void badRequest(Context ctx, String verb, BadRequestException e, long start) {
    int status = e instanceof TooLarge ? 413 : 400;
    LOGGER
        .atDebug()
        .addKeyValue(LogKeys.VERB, verb)
        .addKeyValue(LogKeys.REASON, e.getMessage())
        .log("rejected a malformed extender request");
    ctx.status(status).contentType("text/plain; charset=utf-8").result(e.getMessage());
    metrics.request(verb, ExtenderMetrics.BAD_REQUEST, System.nanoTime() - start);
  }

  private static void warn(String verb, RuntimeException e) {
    LOGGER
        .atWarn()
        .addKeyValue(LogKeys.VERB, verb)
        .setCause(e)
        .log("scheduler extender request failed inside the extender");
  }

  /** The body is larger than the configured limit. */
  private static final class TooLarge extends BadRequestException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("request body is larger than " + limit + " bytes");
    }
  }
}
