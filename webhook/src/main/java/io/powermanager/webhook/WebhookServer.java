package io.powermanager.webhook;

import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.server.HttpsServer;
import io.powermanager.server.Lane;
import io.powermanager.server.OperationalRoutes;
import io.powermanager.server.ServerSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook alone on an {@link HttpsServer}, over a service someone else feeds (tests, the
 * bench). The {@code webhook} command runs the manager's composition with only the webhook. {@link
 * #close} stops accepting, drains in-flight reviews for up to the drain timeout, then stops what it
 * owns.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookServer.class);

  private final HttpsServer server;
  private final BooleanSupplier ready;
  private final Optional<ReloadingServerTls> ownedTls;

  private WebhookServer(
      HttpsServer server, BooleanSupplier ready, Optional<ReloadingServerTls> ownedTls) {
    this.server = server;
    this.ready = ready;
    this.ownedTls = ownedTls;
  }

  /**
   * The webhook's lane of an {@link HttpsServer}: {@code /mutate} and {@code /validate}, bodies up
   * to {@code maxRequestBytes} bounded by the heap; {@link WebhookRoutes} answers larger ones
   * itself (413 with a review, as always).
   */
  public static Lane lane(long maxRequestBytes) {
    return Lane.of(
            "webhook",
            Set.of(WebhookRoutes.MUTATE_PATH, WebhookRoutes.VALIDATE_PATH),
            ServerSettings.heapBoundedBodyBytes(maxRequestBytes))
        .withRoutesAnsweringOversize();
  }

  /** The server settings of a webhook alone, from its configuration. */
  public static ServerSettings settings(WebhookConfig config) {
    return ServerSettings.of(
            "webhook",
            config.host(),
            config.port(),
            List.of(
                lane(config.maxRequestBytes()),
                ConversionRoutes.lane(ConversionRoutes.DEFAULT_MAX_REQUEST_BYTES)))
        .withMaxThreads(config.maxThreads())
        .withDrainTimeout(config.drainTimeout());
  }

  /**
   * Starts the webhook over the given service.
   *
   * @param ready whether the catalog behind {@code service} has synced ({@code /readyz})
   * @param tls the started TLS factory (e.g. a reloading one); empty serves plain HTTP
   */
  public static WebhookServer start(
      WebhookConfig config,
      AdmissionService service,
      BooleanSupplier ready,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls) {
    return new WebhookServer(serve(config, service, ready, registry, tls), ready, Optional.empty());
  }

  /**
   * Starts the webhook over the given service, serving the certificate files of {@link
   * WebhookConfig#certDir()} (reloaded when they change; closed with the server), or plain HTTP
   * when there is none.
   *
   * @throws java.io.UncheckedIOException if the certificate files cannot be read
   */
  public static WebhookServer start(
      WebhookConfig config,
      AdmissionService service,
      BooleanSupplier ready,
      PrometheusRegistry registry) {
    Optional<ReloadingServerTls> tls = config.certDir().map(ReloadingServerTls::start);
    try {
      return new WebhookServer(
          serve(config, service, ready, registry, tls.map(ReloadingServerTls::sslContextFactory)),
          ready,
          tls);
    } catch (RuntimeException e) {
      tls.ifPresent(ReloadingServerTls::close);
      throw e;
    }
  }

  private static HttpsServer serve(
      WebhookConfig config,
      AdmissionService service,
      BooleanSupplier ready,
      PrometheusRegistry registry,
      Optional<SslContextFactory.Server> tls) {
    WebhookRoutes routes =
        new WebhookRoutes(service, new WebhookMetrics(registry), config.maxRequestBytes());
    OperationalRoutes operational = new OperationalRoutes(ready, registry);
    return HttpsServer.start(
        settings(config),
        tls,
        cfg -> {
          routes.register(cfg);
          new ConversionRoutes(ConversionRoutes.DEFAULT_MAX_REQUEST_BYTES).register(cfg);
          operational.register(cfg);
        });
  }

  /** The port the connector listens on (the chosen one when configured with 0). */
  public int port() {
    return server.port();
  }

  /** Whether the caches behind the decisions have synced. */
  public boolean ready() {
    return ready.getAsBoolean();
  }

  /** Stops accepting, drains in-flight reviews (up to the drain timeout), stops what it owns. */
  @Override
  public void close() {
    server.close();
    ownedTls.ifPresent(ReloadingServerTls::close);
    LOGGER.atInfo().log("webhook stopped");
  }
}
