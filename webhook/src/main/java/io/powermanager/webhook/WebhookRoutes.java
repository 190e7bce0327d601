package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTP transport: {@code POST /validate} and {@code POST /mutate}, one endpoint each
 * for every admitted kind (the service dispatches on {@code request.kind}). Mount them on any
 * Javalin config with {@link #register}; the standalone {@link WebhookServer} and the manager do.
 *
 * <p>Per request: {@code Content-Type} must be {@code application/json} (else 400); the body is
 * read up to the limit (3 MiB by default; else 413); a body with no readable {@code request.uid}
 * gets 400 with the reason (in an AdmissionReview without uid); every readable review gets HTTP 200
 * and an {@code admission.k8s.io/v1} AdmissionReview echoing the uid. Any failure inside, an {@link
 * Error} included, becomes {@code allowed: false} with a message: never a 5xx, never a stack trace.
 * Thread-safe.
 */
public final class WebhookRoutes implements Consumer<JavalinConfig> {

  public static final String VALIDATE_PATH = "/validate";
  public static final String MUTATE_PATH = "/mutate";

  /** The API server's own request body limit ({@code MaxRequestBodyBytes}). */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 3L * 1024 * 1024;

  static final String JSON = "application/json";

  /** How much of a refused body is read and dropped so the client sees the 413. */
  static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private static final String VALIDATE = "validate";
  private static final String MUTATE = "mutate";
  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookRoutes.class);

  private final AdmissionService service;
  private final WebhookMetrics metrics;
  private final AdmissionCodec codec;
  private final long maxRequestBytes;

  public WebhookRoutes(AdmissionService service, WebhookMetrics metrics, long maxRequestBytes) {
    this.service = Objects.requireNonNull(service, "service");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (maxRequestBytes <= 0 || maxRequestBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " is out of range");
    }
    this.maxRequestBytes = maxRequestBytes;
    this.codec = new AdmissionCodec();
  }

  /** Routes over {@code service} with the default body limit, metrics in {@code registry}. */
  public static WebhookRoutes of(AdmissionService service, PrometheusRegistry registry) {
    return new WebhookRoutes(service, new WebhookMetrics(registry), DEFAULT_MAX_REQUEST_BYTES);
  }

  /** Registers {@code POST /validate} and {@code POST /mutate} on {@code cfg}. */
  public void register(JavalinConfig cfg) {
    cfg.routes.post(VALIDATE_PATH, ctx -> handle(ctx, VALIDATE));
    cfg.routes.post(MUTATE_PATH, ctx -> handle(ctx, MUTATE));
  }

  /** Same as {@link #register}, so the routes can be passed where a config consumer is wanted. */
  @Override
  public void accept(JavalinConfig cfg) {
    register(cfg);
  }

  private void handle(Context ctx, String webhook) {
    boolean validating = webhook.equals(VALIDATE);
    long start = System.nanoTime();
    String uid = null;
    AdmittedKind kind = AdmittedKind.OTHER;
    String operation = null;
    try {
      String contentType = ctx.header("Content-Type");
      if (!isJson(contentType)) {
        reject(
            ctx,
            webhook,
            400,
            "content-type",
            "Content-Type \"" + Objects.requireNonNullElse(contentType, "") + "\" is not " + JSON);
        return;
      }
      long declared = ctx.req().getContentLengthLong();
      if (declared > maxRequestBytes) {
        drain(ctx.req().getInputStream(), declared);
        reject(ctx, webhook, 413, "too-large", tooLarge(declared));
        return;
      }
      byte[] body = read(ctx.req().getInputStream(), declared);
      if (body == null) {
        drain(ctx.req().getInputStream(), -1);
        reject(ctx, webhook, 413, "too-large", tooLarge(-1));
        return;
      }
      AdmissionCodec.Decoded decoded = codec.decode(body);
      AdmissionResponse response;
      if (decoded instanceof AdmissionCodec.Unreadable unreadable) {
        reject(ctx, webhook, 400, "unreadable", unreadable.reason());
        return;
      } else if (decoded instanceof AdmissionCodec.Undecodable undecodable) {
        uid = undecodable.uid();
        response =
            AdmissionResponses.errored(uid, AdmissionResponses.BAD_REQUEST, undecodable.reason());
      } else {
        ReviewRequest request = ((AdmissionCodec.Readable) decoded).request();
        uid = request.uid();
        kind = request.kind();
        operation = request.operation();
        response = validating ? service.validate(request) : service.mutate(request);
      }
      respond(ctx, 200, codec.encode(response));
      metrics.review(webhook, kind, operation, verdict(response));
    } catch (IOException e) {
      reject(ctx, webhook, 400, "unreadable", "the body could not be read: " + e.getMessage());
    } catch (Throwable e) { // an Error too (StackOverflowError, OutOfMemoryError): always a review
      LOGGER
          .atError()
          .addKeyValue(LogKeys.WEBHOOK, webhook)
          .addKeyValue(LogKeys.UID, uid)
          .setCause(e)
          .log("admission review failed in the transport");
      if (uid == null) {
        reject(
            ctx,
            webhook,
            400,
            "unreadable",
            "the webhook could not read this request (" + e.getClass().getSimpleName() + ")");
      } else {
        respond(
            ctx,
            200,
            codec.encode(
                AdmissionResponses.errored(
                    uid,
                    AdmissionResponses.INTERNAL_ERROR,
                    "the power webhook failed to answer (" + e.getClass().getSimpleName() + ")")));
        metrics.review(webhook, kind, operation, WebhookMetrics.Verdict.ERRORED);
      }
    } finally {
      metrics.duration(webhook, System.nanoTime() - start);
    }
  }

  private void reject(Context ctx, String webhook, int status, String reason, String message) {
    LOGGER
        .atDebug()
        .addKeyValue(LogKeys.WEBHOOK, webhook)
        .addKeyValue(LogKeys.STATUS, status)
        .addKeyValue(LogKeys.MESSAGE, message)
        .log("admission request refused");
    metrics.rejected(webhook, reason);
    respond(ctx, status, codec.encode(AdmissionResponses.errored(null, status, message)));
  }

  private static void respond(Context ctx, int status, byte[] body) {
    ctx.status(status);
    ctx.contentType(JSON);
    ctx.result(body);
  }

  private String tooLarge(long size) {
    return (size >= 0 ? "the body has " + size + " bytes" : "the body is too large")
        + "; the limit is "
        + maxRequestBytes
        + " bytes";
  }

  /** The body, or null when it exceeds the limit. */
  private byte[] read(InputStream in, long declared) throws IOException {
    if (declared >= 0) {
      return in.readNBytes((int) declared);
    }
    byte[] body = in.readNBytes((int) maxRequestBytes + 1);
    return body.length > maxRequestBytes ? null : body;
  }

  /**
   * Reads and drops the rest of a refused body up to {@link #DRAIN_LIMIT}, so the client, still
   * sending, gets to read the 413 instead of a reset connection. Beyond that Jetty closes it.
   */
  private static void drain(InputStream in, long declared) throws IOException {
    if (declared > DRAIN_LIMIT) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String media = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return media.strip().toLowerCase(Locale.ROOT).equals(JSON);
  }

  private static WebhookMetrics.Verdict verdict(AdmissionResponse response) {
    if (Boolean.TRUE.equals(response.getAllowed())) {
      return response.getPatch() != null
          ? WebhookMetrics.Verdict.PATCHED
          : WebhookMetrics.Verdict.ALLOWED;
    }
    return response.getStatus() != null
            && Integer.valueOf(AdmissionResponses.FORBIDDEN).equals(response.getStatus().getCode())
        ? WebhookMetrics.Verdict.DENIED
        : WebhookMetrics.Verdict.ERRORED;
  }
}
