package io.powermanager.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz} (200 while the process serves), {@code GET /readyz} (200 once {@code ready}
 * says so, else 503) and {@code GET /metrics} (Prometheus text format of a registry): the one place
 * these live. Every {@link HttpsServer} mounts them with the readiness of what it serves (the
 * manager: the caches of all its components together).
 */
public final class OperationalRoutes {

  public static final String HEALTHZ_PATH = "/healthz";
  public static final String READYZ_PATH = "/readyz";
  public static final String METRICS_PATH = "/metrics";

  private static final String TEXT = "text/plain; charset=utf-8";

  private final BooleanSupplier ready;
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public OperationalRoutes(BooleanSupplier ready, PrometheusRegistry registry) {
    this.ready = Objects.requireNonNull(ready, "ready");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get(HEALTHZ_PATH, ctx -> ctx.contentType(TEXT).result("ok"));
    cfg.routes.get(READYZ_PATH, this::readyz);
    cfg.routes.get(METRICS_PATH, this::metrics);
  }

  private void readyz(Context ctx) {
    boolean isReady = ready.getAsBoolean();
    ctx.status(isReady ? 200 : 503)
        .contentType(TEXT)
        .result(isReady ? "ok" : "caches not synced yet");
  }

  private void metrics(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}
