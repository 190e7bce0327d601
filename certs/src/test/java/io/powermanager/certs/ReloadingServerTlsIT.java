package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Javalin over HTTPS with the reloading factory, as the webhook serves. */
class ReloadingServerTlsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ROTATIONS = 5;

  @TempDir Path certDir;

  private final CertificateAuthority ca =
      CertificateAuthority.create(
          "it-ca", Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
  private CertificateFiles files;
  private IssuedCertificate first;
  private ReloadingServerTls tls;
  private Javalin app;
  private int port;

  @BeforeEach
  void startServer() {
    files = new CertificateFiles(certDir);
    first = issue();
    files.write(first);
    tls = ReloadingServerTls.start(certDir, Duration.ofSeconds(2));
    app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.jetty.addConnector(
                      (server, http) -> {
                        var https = new HttpConfiguration(http);
                        https.addCustomizer(new SecureRequestCustomizer());
                        var connector =
                            new ServerConnector(
                                server,
                                new SslConnectionFactory(tls.sslContextFactory(), "http/1.1"),
                                new HttpConnectionFactory(https));
                        connector.setHost("127.0.0.1");
                        connector.setPort(0);
                        return connector;
                      });
                  cfg.routes.get("/hello", ctx -> ctx.result("hello"));
                })
            .start();
    port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  @AfterEach
  void stopServer() {
    app.stop();
    tls.close();
  }

  @Test
  void answersHttpsForClientsTrustingTheCa() throws Exception {
    // Given
    var client = client();

    // When
    var byName = client.send(get("localhost"), HttpResponse.BodyHandlers.ofString());
    var byIp = client.send(get("127.0.0.1"), HttpResponse.BodyHandlers.ofString());

    // Then
    assertThat(byName.statusCode()).isEqualTo(200);
    assertThat(byName.body()).isEqualTo("hello");
    assertThat(byIp.statusCode()).isEqualTo(200);
    assertThat(serial(byName)).isEqualTo(first.certificate().getSerialNumber());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void negotiatesTls13AndTls12(String protocol) throws Exception {
    // Given
    var context = SslContexts.trusting(ca.certificatePem());

    // When
    try (var socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();

      // Then
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
    }
  }

  @Test
  void rotatesTheCertificateUnderLoadWithoutAFailedRequest() throws Exception {
    // Given
    var stop = new AtomicBoolean();
    var failures = new ConcurrentLinkedQueue<String>();
    var keepAliveOk = new AtomicLong();
    var handshakeOk = new AtomicLong();
    var keepAliveSerials = new CopyOnWriteArraySet<BigInteger>();
    var handshakeSerials = new CopyOnWriteArraySet<BigInteger>();
    var keepAlive =
        CompletableFuture.runAsync(
            () -> keepAliveLoop(stop, keepAliveOk, keepAliveSerials, failures));
    var handshakes =
        CompletableFuture.allOf(
            CompletableFuture.runAsync(
                () -> handshakeLoop(stop, handshakeOk, handshakeSerials, failures)),
            CompletableFuture.runAsync(
                () -> handshakeLoop(stop, handshakeOk, handshakeSerials, failures)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(keepAliveOk.get()).isGreaterThan(20);
              assertThat(handshakeOk.get()).isGreaterThan(5);
            });

    // When
    var rotated = Stream.generate(this::issue).limit(ROTATIONS).toList();
    for (var next : rotated) {
      files.write(next);
      var serial = next.certificate().getSerialNumber();
      await().atMost(WAIT).untilAsserted(() -> assertThat(handshakeSerials).contains(serial));
    }
    var keepAliveBefore = keepAliveOk.get();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(keepAliveOk.get()).isGreaterThan(keepAliveBefore));
    stop.set(true);
    keepAlive.join();
    handshakes.join();

    // Then
    assertThat(failures).isEmpty();
    assertThat(tls.reloads()).isEqualTo(ROTATIONS);
    assertThat(tls.failedReloads()).isZero();
    assertThat(handshakeSerials).contains(first.certificate().getSerialNumber());
    assertThat(keepAliveSerials)
        .as("requests on the kept-alive connection stay on its first certificate")
        .containsExactly(first.certificate().getSerialNumber());
  }

  @Test
  void keepsServingThePreviousCertificateWhenTheNewKeyIsBroken() throws Exception {
    // Given
    var broken =
        new CertificateFiles.Contents(
            first.caCertificatePem(),
            first.certificatePem(),
            "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    // When
    files.write(broken);

    // Then
    await().atMost(WAIT).untilAsserted(() -> assertThat(tls.failedReloads()).isEqualTo(1));
    assertThat(handshakeSerial()).isEqualTo(first.certificate().getSerialNumber());
    var repaired = issue();
    files.write(repaired);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(handshakeSerial()).isEqualTo(repaired.certificate().getSerialNumber()));
  }

  private void keepAliveLoop(
      AtomicBoolean stop, AtomicLong ok, Set<BigInteger> serials, Queue<String> failures) {
    var client = client();
    while (!stop.get()) {
      try {
        var response = client.send(get("localhost"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && "hello".equals(response.body())) {
          serials.add(serial(response));
          ok.incrementAndGet();
        } else {
          failures.add("keep-alive: HTTP " + response.statusCode() + " " + response.body());
        }
      } catch (IOException | RuntimeException e) {
        failures.add("keep-alive: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void handshakeLoop(
      AtomicBoolean stop, AtomicLong ok, Set<BigInteger> serials, Queue<String> failures) {
    while (!stop.get()) {
      try {
        serials.add(handshakeSerial());
        ok.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        failures.add("new handshake: " + e);
      }
    }
  }

  /**
   * One request on a new connection with a new client context (so no session is resumed): the
   * serial of the certificate the server presented.
   */
  private BigInteger handshakeSerial() throws IOException {
    var context = SslContexts.trusting(ca.certificatePem());
    try (var socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      var parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      var out = socket.getOutputStream();
      out.write(
          ("GET /hello HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!response.startsWith("HTTP/1.1 200") || !response.endsWith("hello")) {
        throw new IOException("unexpected response: " + response);
      }
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(SslContexts.trusting(ca.certificatePem()))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private HttpRequest get(String host) {
    return HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/hello"))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  private static BigInteger serial(HttpResponse<?> response) {
    try {
      var certificate =
          (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
      return certificate.getSerialNumber();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  private IssuedCertificate issue() {
    return ca.issue(
        LeafRequest.forService(
            "power-webhook",
            "power",
            List.of("localhost"),
            List.of("127.0.0.1"),
            Duration.ofHours(1)));
  }
}
