package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.SslContexts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swaps the serving certificate files five times (new leaves of the same CA, then of a second CA
 * that the client's bundle also trusts, as during a CA rollover) while clients keep sending reviews
 * over kept-alive and fresh connections: not one review may fail, and fresh connections must see
 * every new certificate.
 */
class WebhookRotationIT {

  private static final int SENDERS = 3;
  private static final int ROTATIONS = 5;

  @TempDir Path dir;

  @Test
  void losesNoReviewWhileTheServingCertificateRotates() throws Exception {
    // Given
    TestTls nextCa = new TestTls("webhook-next-ca");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Set<String> seenSerials = ConcurrentHashMap.newKeySet();
    List<String> rotatedSerials = new ArrayList<>();
    byte[] review = GoldenReviewTest.bytes("allowed-request.json");
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);

    try (HttpsWebhook webhook = new HttpsWebhook(dir, Fixtures.service())) {
      SSLContext bundle = SslContexts.trusting(webhook.tls.caPem() + nextCa.caPem());
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        senders.add(
            pool.submit(
                () -> send(webhook, bundle, review, running, answered, failures, seenSerials)));
      }

      // When
      for (int i = 1; i <= ROTATIONS; i++) {
        TestTls issuer = i <= 2 ? webhook.tls : nextCa;
        IssuedCertificate issued = issuer.writeServingFiles(dir, "webhook-v" + (i + 1));
        String serial = issued.certificate().getSerialNumber().toString(16);
        rotatedSerials.add(serial);
        int before = answered.get();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(seenSerials).contains(serial);
                  assertThat(answered.get()).isGreaterThan(before + 20);
                });
      }
      running.set(false);
      for (Future<?> sender : senders) {
        sender.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Then
    assertThat(failures).isEmpty();
    assertThat(seenSerials).containsAll(rotatedSerials);
    assertThat(answered.get()).isGreaterThan(ROTATIONS * 20);
  }

  /**
   * Sends reviews until stopped: mostly on one kept-alive client, every fifth on a fresh client (a
   * new TLS handshake that must see the current certificate).
   */
  private static void send(
      HttpsWebhook webhook,
      SSLContext trust,
      byte[] review,
      AtomicBoolean running,
      AtomicInteger answered,
      List<String> failures,
      Set<String> seenSerials) {
    HttpClient keptAlive = client(trust);
    for (int n = 0; running.get(); n++) {
      HttpClient client = n % 5 == 4 ? client(trust) : keptAlive;
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(webhook.uri(WebhookRoutes.VALIDATE_PATH))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200
            || !Json.MAPPER
                .readTree(response.body())
                .path("response")
                .path("allowed")
                .asBoolean()) {
          failures.add("HTTP " + response.statusCode() + " " + response.body());
        } else {
          answered.incrementAndGet();
          response
              .sslSession()
              .ifPresent(
                  session -> {
                    try {
                      seenSerials.add(
                          ((X509Certificate) session.getPeerCertificates()[0])
                              .getSerialNumber()
                              .toString(16));
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                      failures.add("unverified peer: " + e.getMessage());
                    }
                  });
        }
      } catch (Exception e) {
        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  private static HttpClient client(SSLContext trust) {
    return HttpClient.newBuilder()
        .sslContext(trust)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
