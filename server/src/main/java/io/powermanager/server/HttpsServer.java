package io.powermanager.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTPS server of every process that serves (the manager, {@code webhook}, {@code
 * extender}, the benches): Javalin on Jetty, one connector — HTTPS over the given TLS factory (TLS
 * 1.2+ from {@code certs}' {@code ReloadingServerTls}; HTTP/1.1) or plain HTTP without one —
 * Jackson 3, a bounded thread pool, an idle timeout, graceful drain on {@link #close}, and:
 *
 * <ul>
 *   <li>request bodies read whole before the routes run, without a thread while they arrive, with a
 *       cap per lane (413), a total read time (408) and a budget of body bytes in memory ({@link
 *       BufferedBodyHandler});
 *   <li>a concurrency limit per lane (Jetty's {@link QoSHandler}: excess requests wait without a
 *       thread, up to {@link #MAX_QUEUE_TIME}, then 503), so one component cannot starve another;
 *   <li>optional client-certificate authentication for lanes that ask for it.
 * </ul>
 */
public final class HttpsServer implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(HttpsServer.class);

  /** How long a request may wait for its lane's capacity before 503. */
  public static final Duration MAX_QUEUE_TIME = Duration.ofSeconds(5);

  private final Javalin app;
  private final String scheme;
  private final ServerSettings settings;

  private HttpsServer(Javalin app, String scheme, ServerSettings settings) {
    this.app = app;
    this.scheme = scheme;
    this.settings = settings;
  }

  /**
   * Starts a server with {@code routes} (the lanes' handlers and, usually, {@link
   * OperationalRoutes}).
   *
   * @param tls a started server TLS factory (shared factories are fine: the server neither starts
   *     nor stops it), or empty for plain HTTP — only tests and the in-process simulator
   * @throws IllegalArgumentException if a client CA is configured without TLS
   * @throws UncheckedIOException if the client CA file cannot be read
   */
  public static HttpsServer start(
      ServerSettings settings,
      Optional<SslContextFactory.Server> tls,
      Consumer<JavalinConfig> routes) {
    Objects.requireNonNull(tls, "tls");
    if (settings.clientCaFile().isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("client certificates need TLS: no certificate directory");
    }
    Optional<SslContextFactory.Server> connectorTls =
        tls.map(f -> settings.clientCaFile().map(ca -> verifyingClients(f, ca)).orElse(f));
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jsonMapper(new JavalinJackson3());
              QueuedThreadPool pool =
                  new QueuedThreadPool(
                      settings.maxThreads(), ServerSettings.RESERVED_THREADS, 60_000);
              pool.setName(settings.name());
              cfg.jetty.threadPool = pool;
              cfg.jetty.modifyServer(
                  server -> {
                    server.setStopTimeout(settings.drainTimeout().toMillis());
                    for (Lane lane : settings.lanes()) {
                      server.insertHandler(capacity(lane, settings.laneConcurrency()));
                    }
                    server.insertHandler(
                        new BufferedBodyHandler(
                            settings.lanes(),
                            settings.bodyReadTimeout(),
                            ServerSettings.inFlightBudget()));
                    server.insertHandler(new GracefulHandler());
                  });
              cfg.jetty.addConnector(
                  (server, http) -> {
                    HttpConfiguration httpConfig = new HttpConfiguration(http);
                    ServerConnector connector;
                    if (connectorTls.isPresent()) {
                      httpConfig.addCustomizer(new SecureRequestCustomizer());
                      connector =
                          new ServerConnector(
                              server,
                              new SslConnectionFactory(connectorTls.get(), "http/1.1"),
                              new HttpConnectionFactory(httpConfig));
                      connector.setName("https");
                    } else {
                      connector =
                          new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                      connector.setName("http");
                    }
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    connector.setIdleTimeout(settings.idleTimeout().toMillis());
                    return connector;
                  });
              routes.accept(cfg);
            });
    app.start();
    HttpsServer server = new HttpsServer(app, tls.isPresent() ? "https" : "http", settings);
    LOGGER
        .atLevel(
            tls.isPresent() || settings.lanes().isEmpty()
                ? org.slf4j.event.Level.INFO
                : org.slf4j.event.Level.WARN)
        .addKeyValue("server", settings.name())
        .addKeyValue("port", server.port())
        .addKeyValue("lanes", settings.lanes().stream().map(Lane::name).toList())
        .addKeyValue("clientCa", settings.clientCaFile().isPresent())
        .log(
            tls.isPresent()
                ? "serving HTTPS"
                : settings.lanes().isEmpty()
                    ? "serving plain HTTP (probes and metrics)"
                    : "serving plain HTTP: no certificate directory");
    return server;
  }

  private static QoSHandler capacity(Lane lane, int concurrency) {
    QoSHandler qos = new QoSHandler();
    qos.includePath(lane.paths().toArray(String[]::new));
    qos.setMaxRequestCount(concurrency);
    qos.setMaxSuspend(MAX_QUEUE_TIME);
    qos.setRejectStatusCode(503);
    return qos;
  }

  /**
   * Asks clients for a certificate and verifies one presented against {@code caFile}; whether a
   * path needs one is the lanes' business. The given factory keeps serving (and reloading) its key
   * material.
   */
  private static SslContextFactory.Server verifyingClients(
      SslContextFactory.Server tls, Path caFile) {
    KeyStore trust = trustStore(caFile);
    try {
      tls.reload(
          f -> {
            f.setTrustStore(trust);
            ((SslContextFactory.Server) f).setWantClientAuth(true);
          });
    } catch (Exception e) {
      throw new IllegalStateException("cannot apply the client CA " + caFile + ": " + e, e);
    }
    return tls;
  }

  static KeyStore trustStore(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> cas =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (cas.isEmpty()) {
        throw new IllegalArgumentException("no certificate in client CA file " + caFile);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate ca : cas) {
        store.setCertificateEntry("client-ca-" + i++, ca);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client CA file " + caFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("client CA file " + caFile + " is not PEM X.509: " + e, e);
    }
  }

  /** The port the connector listens on (the chosen one when configured with 0). */
  public int port() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /** {@code https://127.0.0.1:<port>} (or {@code http://}): for clients on this host. */
  public URI uri() {
    return URI.create(scheme + "://127.0.0.1:" + port());
  }

  public ServerSettings settings() {
    return settings;
  }

  /** The lanes served. */
  public List<Lane> lanes() {
    return settings.lanes();
  }

  /** Stops accepting, drains requests in flight (up to the drain timeout), stops. */
  @Override
  public void close() {
    app.stop();
  }
}
