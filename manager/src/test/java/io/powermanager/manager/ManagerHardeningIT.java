package io.powermanager.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.certs.CertificateAuthority;
import io.powermanager.certs.CertificateFiles;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.LeafRequest;
import io.powermanager.certs.Pem;
import io.powermanager.certs.SslContexts;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's probes against the manager over real TLS on loopback: slow bodies, a huge body and an
 * unauthenticated scheduler must not take admission down.
 */
@Timeout(120)
class ManagerHardeningIT {

  private static final String NS = "default";
  private static final String REVIEW =
      """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
        "uid":"u-1","kind":{"group":"","version":"v1","kind":"Pod"},
        "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"default","operation":"CREATE",
        "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
          "spec":{"containers":[{"name":"app"}]}}}}
      """;
  private static final String FILTER =
      """
      {"Pod":{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"app"}]}},
       "Nodes":null,"NodeNames":["node-1"]}
      """;

  @TempDir Path certDir;
  private EmbeddedApiServer api;
  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private Manager manager;
  private CertificateAuthority ca;
  private SSLContext trusting;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    conversion = ConversionEndpoint.start(certDir.resolve("conversion-tls"));
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    client = api.client();
    PowerResources.install(client, conversion.caPem());
    ca =
        CertificateAuthority.create(
            "hardening-it", Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
    new CertificateFiles(certDir).write(leaf("power-manager"));
    trusting = SslContexts.trusting(ca.certificatePem());
  }

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
    if (manager != null) {
      manager.close();
    }
    api.close();
    conversion.close();
  }

  private IssuedCertificate leaf(String name) {
    return ca.issue(new LeafRequest(name, List.of(), List.of("127.0.0.1"), Duration.ofDays(1)));
  }

  private void startManager(ManagerConfig config) {
    manager = Manager.start(config, client, new PrometheusRegistry(), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(30)).until(manager::ready);
  }

  private ManagerConfig config() {
    return new ManagerConfig(
            NS,
            "127.0.0.1",
            0,
            0,
            Optional.of(certDir),
            Optional.empty(),
            Optional.empty(),
            ScorePolicy.SPREAD,
            ReconcilerConfig.defaults(NS, "example.org/power-manager:test"))
        // what the chart's heap (about 307 MiB) bounds the default 64 MiB to
        .withExtenderMaxRequestBytes(16L << 20);
  }

  private static HttpResponse<String> post(HttpClient http, int port, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private SSLSocket open(SSLContext context) throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", manager.httpsPort());
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    sockets.add(socket);
    return socket;
  }

  private static void writeHead(Socket socket, String path, String lengthHeader)
      throws IOException {
    socket
        .getOutputStream()
        .write(
            ("POST "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + lengthHeader
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private static String statusLine(Socket socket) throws IOException {
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
        .readLine();
  }

  @Test
  void slowBodiesOnTwoHundredConnectionsDoNotFreezeAdmissionOrTheExtender() throws Exception {
    // Given
    startManager(config());
    HttpClient http = HttpClient.newBuilder().sslContext(trusting).build();
    assertThat(post(http, manager.httpsPort(), "/validate", REVIEW).statusCode()).isEqualTo(200);
    List<SSLSocket> slow = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      SSLSocket socket = open(trusting);
      writeHead(socket, i % 2 == 0 ? "/validate" : "/filter", "Content-Length: 1000");
      socket.getOutputStream().write('{');
      socket.getOutputStream().flush();
      slow.add(socket);
    }
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    trickle.scheduleWithFixedDelay(
        () -> {
          for (SSLSocket socket : slow) {
            try {
              socket.getOutputStream().write(' ');
              socket.getOutputStream().flush();
            } catch (IOException e) {
              // the server gave up on this one
            }
          }
        },
        2,
        2,
        TimeUnit.SECONDS);
    try {
      // When: every slow client holds a connection and has sent its head and part of its body
      long t0 = System.nanoTime();
      HttpResponse<String> review = post(http, manager.httpsPort(), "/validate", REVIEW);
      HttpResponse<String> filter = post(http, manager.httpsPort(), "/filter", FILTER);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      // Then: both answer at once, and the slow ones are cut off at the read deadline
      assertThat(review.statusCode()).isEqualTo(200);
      assertThat(review.body()).contains("\"uid\":\"u-1\"");
      assertThat(filter.statusCode()).isEqualTo(200);
      assertThat(took).isLessThan(Duration.ofSeconds(1));
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return statusLine(slow.get(0));
                } catch (IOException e) {
                  return e.toString();
                }
              });
      assertThat(first.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408");
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void refusesASixtyMegabyteFilterAtOnceAndTheWebhookStillAnswers() throws Exception {
    // Given
    startManager(config());
    HttpClient http = HttpClient.newBuilder().sslContext(trusting).build();

    // When: the head declares 60 MB and not a byte of the body follows
    SSLSocket declared = open(trusting);
    long t0 = System.nanoTime();
    writeHead(declared, "/filter", "Content-Length: 60000000");
    String declaredStatus = statusLine(declared);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    // and a chunked body grows past the cap
    SSLSocket chunked = open(trusting);
    writeHead(chunked, "/filter", "Transfer-Encoding: chunked");
    CompletableFuture<String> chunkedStatus =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return statusLine(chunked);
              } catch (IOException e) {
                return e.toString();
              }
            });
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) ' ');
    long sent = 0;
    try {
      OutputStream out = chunked.getOutputStream();
      while (sent < 60_000_000L && !chunkedStatus.isDone()) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        sent += chunk.length;
      }
    } catch (IOException e) {
      // cut off
    }

    // Then
    assertThat(declaredStatus).startsWith("HTTP/1.1 413");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(chunkedStatus.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
    assertThat(sent).isLessThan(60_000_000L);
    HttpResponse<String> review = post(http, manager.httpsPort(), "/validate", REVIEW);
    assertThat(review.statusCode()).isEqualTo(200);
    assertThat(review.body()).contains("\"uid\":\"u-1\"");
    assertThat(post(http, manager.httpsPort(), "/filter", FILTER).statusCode()).isEqualTo(200);
  }

  @Test
  void withAClientCaTheExtenderRefusesCallersWithoutACertificateAndTheWebhookDoesNot()
      throws Exception {
    // Given
    Path clientCa = certDir.resolveSibling(certDir.getFileName() + "-client-ca.crt");
    Files.writeString(clientCa, ca.certificatePem());
    startManager(config().withExtenderClientCa(Optional.of(clientCa)));
    HttpClient anonymous = HttpClient.newBuilder().sslContext(trusting).build();
    HttpClient scheduler =
        HttpClient.newBuilder().sslContext(withClientCertificate(leaf("kube-scheduler"))).build();

    // When
    HttpResponse<String> refused = post(anonymous, manager.httpsPort(), "/filter", FILTER);
    HttpResponse<String> accepted = post(scheduler, manager.httpsPort(), "/filter", FILTER);
    HttpResponse<String> review = post(anonymous, manager.httpsPort(), "/validate", REVIEW);

    // Then
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(review.statusCode()).isEqualTo(200);
  }

  private SSLContext withClientCertificate(IssuedCertificate issued) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "client",
        Pem.privateKey(issued.privateKeyPem()),
        new char[0],
        Pem.certificates(issued.certificatePem()).toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return context;
  }
}
