package io.powermanager.webhook;

import io.powermanager.api.CrdConversion;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.server.HttpsServer;
import io.powermanager.server.ServerSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The manager's conversion route ({@link ConversionRoutes}, {@code POST /convert}) alone on an
 * HTTPS server of its own on 127.0.0.1, with a fresh CA: what an API server stand-in calls for the
 * CRDs' {@code clientConfig.service} ({@value CrdConversion#SERVICE_NAME} in {@value
 * CrdConversion#SERVICE_NAMESPACE}) when a test runs agents or reconcilers without a whole manager.
 * Register {@link #baseUrl()} as that service and install the CRDs with {@link #caPem()} as their
 * {@code caBundle} (as the manager patches it in a cluster).
 */
public final class ConversionEndpoint implements AutoCloseable {

  private final ReloadingServerTls tls;
  private final HttpsServer server;
  private final String caPem;

  private ConversionEndpoint(ReloadingServerTls tls, HttpsServer server, String caPem) {
    this.tls = tls;
    this.server = server;
    this.caPem = caPem;
  }

  /**
   * Issues a serving certificate for 127.0.0.1 into {@code certDir} and starts the server on a free
   * port.
   */
  public static ConversionEndpoint start(Path certDir) {
    IssuedCertificate issued =
        CertsTool.writeFiles(
            CrdConversion.SERVICE_NAME,
            CrdConversion.SERVICE_NAMESPACE,
            certDir,
            List.of("localhost"),
            List.of("127.0.0.1"),
            Duration.ofDays(1),
            Clock.systemUTC(),
            new SecureRandom());
    ReloadingServerTls tls = ReloadingServerTls.start(certDir);
    try {
      ConversionRoutes routes = new ConversionRoutes(ConversionRoutes.DEFAULT_MAX_REQUEST_BYTES);
      HttpsServer server =
          HttpsServer.start(
              ServerSettings.of("conversion", "127.0.0.1", 0, List.of(routes.lane())),
              Optional.of(tls.sslContextFactory()),
              routes);
      return new ConversionEndpoint(tls, server, issued.caCertificatePem());
    } catch (RuntimeException e) {
      tls.close();
      throw e;
    }
  }

  /** {@code https://127.0.0.1:<port>}, without the route's path. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.port();
  }

  /** The CA (PEM) that signed the server's certificate. */
  public String caPem() {
    return caPem;
  }

  @Override
  public void close() {
    server.close();
    tls.close();
  }
}
