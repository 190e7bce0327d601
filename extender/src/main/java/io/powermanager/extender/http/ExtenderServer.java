package io.powermanager.extender.http;

import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.server.HttpsServer;
import io.powermanager.server.Lane;
import io.powermanager.server.OperationalRoutes;
import io.powermanager.server.ServerSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The extender alone on an {@link HttpsServer} ({@code POST /filter}, {@code POST /prioritize},
 * {@code GET /healthz}, {@code GET /readyz} — 200 once the capacity view has synced — and {@code
 * GET /metrics}), over routes someone else feeds (tests, the bench). The {@code extender} command
 * runs the manager's composition with only the extender.
 */
public final class ExtenderServer implements AutoCloseable {

  private final HttpsServer server;
  private final ExtenderRoutes routes;

  private ExtenderServer(HttpsServer server, ExtenderRoutes routes) {
    this.server = server;
    this.routes = routes;
  }

  /**
   * The extender's lane of an {@link HttpsServer}: {@code /filter} and {@code /prioritize}, bodies
   * up to {@link ExtenderConfig#maxRequestBytes()} bounded by the heap ({@link
   * ServerSettings#heapBoundedBodyBytes}).
   */
  public static Lane lane(ExtenderConfig config) {
    return Lane.of(
        "extender",
        Set.of("/" + ExtenderRoutes.FILTER_VERB, "/" + ExtenderRoutes.PRIORITIZE_VERB),
        ServerSettings.heapBoundedBodyBytes(config.maxRequestBytes()));
  }

  /** Serves routes over a view fed by someone else. */
  public static ExtenderServer serve(
      ExtenderConfig config,
      ExtenderRoutes routes,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls) {
    routes.warmUp();
    OperationalRoutes operational = new OperationalRoutes(routes::isReady, registry);
    HttpsServer server =
        HttpsServer.start(
            ServerSettings.of("extender", config.host(), config.port(), List.of(lane(config))),
            tls,
            cfg -> {
              routes.accept(cfg);
              operational.register(cfg);
            });
    return new ExtenderServer(server, routes);
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:<port>} or {@code https://...}: the urlPrefix for kube-scheduler. */
  public URI uri() {
    return server.uri();
  }

  public ExtenderRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    server.close();
  }
}
