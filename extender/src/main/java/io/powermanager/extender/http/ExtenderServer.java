package io.powermanager.extender.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import io.powermanager.extender.capacity.CapacityInformers;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The standalone extender ({@code power-manager extender}): one Javalin server with {@code POST
 * /filter}, {@code POST /prioritize}, {@code GET /healthz}, {@code GET /readyz} (200 once the
 * capacity informers have synced, 503 before) and {@code GET /metrics}, over HTTP or, given a TLS
 * factory, HTTPS only. {@link #close()} stops the server and the informers it started.
 */
public final class ExtenderServer implements AutoCloseable {

  private final Javalin app;
  private final String scheme;
  private final ExtenderRoutes routes;
  private final AutoCloseable feed;

  private ExtenderServer(Javalin app, String scheme, ExtenderRoutes routes, AutoCloseable feed) {
    this.app = app;
    this.scheme = scheme;
    this.routes = routes;
    this.feed = feed;
  }

  /**
   * Starts informers on Nodes, the power namespace's PowerNodes and labelled pods, and the server.
   * Returns at once; {@code /readyz} turns 200 when the informers have synced.
   *
   * @param tls a server TLS factory (e.g. the {@code certs} module's reloading one) for HTTPS, or
   *     empty for plain HTTP
   */
  public static ExtenderServer start(
      ExtenderConfig config,
      KubernetesClient client,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls) {
    CapacityView view = new CapacityView(Clock.systemUTC());
    CapacityInformers informers =
        CapacityInformers.start(view, client, config.powerNamespace(), registry);
    try {
      return serve(config, ExtenderRoutes.create(view, config, registry), registry, tls, informers);
    } catch (RuntimeException e) {
      informers.close();
      throw e;
    }
  }

  /** Serves routes over a view fed by someone else (tests, the bench, the simulator). */
  public static ExtenderServer serve(
      ExtenderConfig config,
      ExtenderRoutes routes,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls) {
    return serve(config, routes, registry, tls, () -> {});
  }

  private static ExtenderServer serve(
      ExtenderConfig config,
      ExtenderRoutes routes,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls,
      AutoCloseable feed) {
    routes.warmUp();
    PrometheusTextFormatWriter metricsWriter = PrometheusTextFormatWriter.create();
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jsonMapper(new JavalinJackson3());
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              tls.ifPresent(
                  ssl ->
                      cfg.jetty.addConnector(
                          (server, http) -> {
                            HttpConfiguration https = new HttpConfiguration(http);
                            https.addCustomizer(new SecureRequestCustomizer());
                            ServerConnector c =
                                new ServerConnector(
                                    server,
                                    new SslConnectionFactory(ssl, "http/1.1"),
                                    new HttpConnectionFactory(https));
                            c.setHost(config.host());
                            c.setPort(config.port());
                            c.setName("https");
                            return c;
                          }));
              routes.accept(cfg);
              cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
              cfg.routes.get(
                  "/readyz",
                  ctx -> {
                    if (routes.isReady()) {
                      ctx.result("ok");
                    } else {
                      ctx.status(503).result("power capacity cache has not synced yet");
                    }
                  });
              cfg.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType(metricsWriter.getContentType())
                          .result(scrape(metricsWriter, registry)));
            });
    app.start();
    return new ExtenderServer(app, tls.isPresent() ? "https" : "http", routes, feed);
  }

  private static byte[] scrape(PrometheusTextFormatWriter writer, PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public int port() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>} or {@code https://...}: the urlPrefix for kube-scheduler. */
  public URI uri() {
    return URI.create(scheme + "://127.0.0.1:" + port());
  }

  public ExtenderRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    app.stop();
    try {
      feed.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the capacity informers", e);
    }
  }
}
