package io.powermanager.webhook;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.powermanager.api.CrdConversion;
import io.powermanager.server.Lane;
import io.powermanager.server.ServerSettings;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The CRDs' conversion webhook: {@code POST /convert} ({@value CrdConversion#PATH}) on the
 * manager's HTTPS port, in a lane of its own ({@link #lane}). {@code Content-Type} must be JSON
 * (else 400); a body without a readable {@code request.uid} gets 400 with the reason; every other
 * request gets HTTP 200 and a ConversionReview ({@link ConversionReviews}); a failure inside, an
 * {@link Error} included, becomes a {@code Failure} result, never a 5xx. Thread-safe.
 */
public final class ConversionRoutes implements Consumer<JavalinConfig> {

  public static final String PATH = CrdConversion.PATH;

  /**
   * The largest review body: one review carries a whole list page (the API server converts a
   * 5,000-object page in one call), so well above the admission reviews' 3 MiB.
   */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  private static final Logger LOGGER = LoggerFactory.getLogger(ConversionRoutes.class);

  private final long maxRequestBytes;

  public ConversionRoutes(long maxRequestBytes) {
    if (maxRequestBytes <= 0 || maxRequestBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " is out of range");
    }
    this.maxRequestBytes = maxRequestBytes;
  }

  /** The conversion lane of an HTTPS server: {@code /convert}, bodies up to the limit. */
  public static Lane lane(long maxRequestBytes) {
    return Lane.of(
        "conversion", Set.of(PATH), ServerSettings.heapBoundedBodyBytes(maxRequestBytes));
  }

  /** This route's lane. */
  public Lane lane() {
    return lane(maxRequestBytes);
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.post(PATH, this::handle);
  }

  @Override
  public void accept(JavalinConfig cfg) {
    register(cfg);
  }

  private void handle(Context ctx) {
    String uid = null;
    try {
      String contentType = ctx.header("Content-Type");
      if (!WebhookRoutes.isJson(contentType)) {
        text(
            ctx,
            400,
            "Content-Type \""
                + Objects.requireNonNullElse(contentType, "")
                + "\" is not "
                + WebhookRoutes.JSON);
        return;
      }
      // the server's lane has buffered and capped the body; read it past Javalin's own 1 MB limit
      byte[] body = ctx.req().getInputStream().readNBytes((int) maxRequestBytes + 1);
      if (body.length > maxRequestBytes) {
        text(ctx, 413, "the body is larger than the limit of " + maxRequestBytes + " bytes");
        return;
      }
      JsonNode review;
      try {
        review = Json.MAPPER.readTree(body);
      } catch (JacksonException e) {
        text(ctx, 400, "the body is not JSON: " + e.getOriginalMessage());
        return;
      }
      uid = review.path("request").path("uid").asString(null);
      respond(ctx, ConversionReviews.answer(review));
    } catch (ConversionReviews.UnreadableReview e) {
      text(ctx, 400, e.getMessage());
    } catch (Throwable e) { // an Error too: always a review when the uid is known
      LOGGER.atError().addKeyValue(LogKeys.UID, uid).setCause(e).log("conversion review failed");
      if (uid == null) {
        text(
            ctx,
            400,
            "the conversion webhook could not read this request ("
                + e.getClass().getSimpleName()
                + ")");
      } else {
        respond(
            ctx,
            ConversionReviews.failure(
                uid, "the power conversion webhook failed (" + e.getClass().getSimpleName() + ")"));
      }
    }
  }

  private static void respond(Context ctx, JsonNode answer) {
    ctx.status(200);
    ctx.contentType(WebhookRoutes.JSON);
    ctx.result(Json.MAPPER.writeValueAsBytes(answer));
  }

  private static void text(Context ctx, int status, String message) {
    ctx.status(status);
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result(message);
  }
}
