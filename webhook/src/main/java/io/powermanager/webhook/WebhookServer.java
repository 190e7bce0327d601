package io.powermanager.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.certs.ReloadingServerTls;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone webhook: one Javalin (Jetty) server with {@link WebhookRoutes} and {@link
 * OperationalRoutes} on one HTTPS connector (TLS 1.2+, HTTP/1.1). {@link #close} stops accepting,
 * drains in-flight reviews for up to the configured drain timeout, then stops what it owns.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookServer.class);
  private static final int IDLE_TIMEOUT_MS = 30_000;

  private final Javalin app;
  private final BooleanSupplier ready;
  private final List<AutoCloseable> owned;

  private WebhookServer(Javalin app, BooleanSupplier ready, List<AutoCloseable> owned) {
    this.app = app;
    this.ready = ready;
    this.owned = owned;
  }

  /**
   * Starts the webhook over the given service: the composition root's way when it already has a
   * catalog (tests, the simulator).
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
    WebhookRoutes routes =
        new WebhookRoutes(service, new WebhookMetrics(registry), config.maxRequestBytes());
    OperationalRoutes operational = new OperationalRoutes(ready, registry);
    Javalin app =
        javalin(
            config,
            tls,
            cfg -> {
              routes.register(cfg);
              operational.register(cfg);
            });
    app.start();
    WebhookServer server = new WebhookServer(app, ready, new ArrayList<>());
    LOGGER
        .atLevel(tls.isPresent() ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN)
        .addKeyValue(LogKeys.PORT, server.port())
        .addKeyValue(LogKeys.POWER_NAMESPACE, config.admission().powerNamespace())
        .log(
            tls.isPresent()
                ? "webhook serving HTTPS"
                : "webhook serving plain HTTP: no certificate directory; the API server needs HTTPS");
    return server;
  }

  /**
   * Starts the webhook over the given service, serving the certificate files of {@link
   * WebhookConfig#certDir()} (reloaded when they change; closed with the server), or plain HTTP
   * when there is none.
   *
   * @param ready whether the catalog behind {@code service} has synced ({@code /readyz})
   * @throws java.io.UncheckedIOException if the certificate files cannot be read
   */
  public static WebhookServer start(
      WebhookConfig config,
      AdmissionService service,
      BooleanSupplier ready,
      PrometheusRegistry registry) {
    ReloadingServerTls tls = config.certDir().map(ReloadingServerTls::start).orElse(null);
    try {
      WebhookServer server =
          start(
              config,
              service,
              ready,
              registry,
              Optional.ofNullable(tls).map(ReloadingServerTls::sslContextFactory));
      if (tls != null) {
        server.owned.add(tls);
      }
      return server;
    } catch (RuntimeException e) {
      if (tls != null) {
        tls.close();
      }
      throw e;
    }
  }

  /**
   * Starts the standalone webhook: its own informer caches in the power namespace and the
   * certificate files of {@link WebhookConfig#certDir()}, both closed with the server. The files
   * must exist (the {@code certs} command, a mounted Secret, or the in-cluster rotator of module
   * {@code certs} run before this).
   */
  public static WebhookServer start(
      WebhookConfig config, KubernetesClient client, PrometheusRegistry registry) {
    String namespace = config.admission().powerNamespace();
    ClusterInformers caches =
        ClusterInformers.cluster(
            client,
            namespace,
            registry,
            new EventRecorder(
                EventRecorder.creating(client),
                Clock.systemUTC(),
                "power-manager-webhook",
                "webhook"));
    try {
      AdmissionService service =
          new AdmissionService(new InformerPowerCatalog(caches, namespace), config.admission());
      caches.start();
      WebhookServer server = start(config, service, caches::healthy, registry);
      server.owned.add(caches);
      return server;
    } catch (RuntimeException e) {
      caches.close();
      throw e;
    }
  }

  /**
   * A Javalin app (not started) on one connector as the webhook uses it: HTTPS over {@code tls}
   * (HTTP/1.1) or plain HTTP, a bounded thread pool, Jackson 3, graceful stop within the drain
   * timeout, and {@code routes}. The benchmark's echo server is built here too, so both share the
   * same stack.
   */
  public static Javalin javalin(
      WebhookConfig config,
      Optional<SslContextFactory.Server> tls,
      Consumer<JavalinConfig> routes) {
    Objects.requireNonNull(tls, "tls");
    return Javalin.create(
        cfg -> {
          cfg.startup.showJavalinBanner = false;
          cfg.startup.showOldJavalinVersionWarning = false;
          cfg.jsonMapper(new JavalinJackson3());
          QueuedThreadPool pool =
              new QueuedThreadPool(config.maxThreads(), WebhookConfig.MIN_THREADS, 60_000);
          pool.setName("webhook");
          cfg.jetty.threadPool = pool;
          cfg.jetty.modifyServer(
              server -> {
                server.setStopTimeout(config.drainTimeout().toMillis());
                server.insertHandler(new GracefulHandler());
              });
          cfg.jetty.addConnector(
              (server, http) -> {
                HttpConfiguration httpConfig = new HttpConfiguration(http);
                ServerConnector connector;
                if (tls.isPresent()) {
                  httpConfig.addCustomizer(new SecureRequestCustomizer());
                  connector =
                      new ServerConnector(
                          server,
                          new SslConnectionFactory(tls.get(), "http/1.1"),
                          new HttpConnectionFactory(httpConfig));
                  connector.setName("https");
                } else {
                  connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                  connector.setName("http");
                }
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(IDLE_TIMEOUT_MS);
                return connector;
              });
          routes.accept(cfg);
        });
  }

  /** The port the connector listens on (the chosen one when configured with 0). */
  public int port() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /** Whether the caches behind the decisions have synced. */
  public boolean ready() {
    return ready.getAsBoolean();
  }

  /** Stops accepting, drains in-flight reviews (up to the drain timeout), stops what it owns. */
  @Override
  public void close() {
    app.stop();
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOGGER.atWarn().setCause(e).log("stopping a webhook component failed");
      }
    }
    LOGGER.atInfo().log("webhook stopped");
  }
}
