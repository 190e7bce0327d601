package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.server.OperationalRoutes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real server on port 0 over TLS with a CA from certs/, called with the JDK HttpClient. */
class WebhookIT {

  @TempDir Path dir;
  private HttpsWebhook webhook;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void answersAReviewWithTheDecodedVerdictOverTls() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());

    // When
    HttpResponse<String> response =
        webhook.post(
            WebhookRoutes.VALIDATE_PATH,
            "application/json",
            GoldenReviewTest.bytes("denied-request.json"));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    assertThat(Json.MAPPER.readTree(response.body()))
        .isEqualTo(GoldenReviewTest.golden("denied-response.json"));
  }

  @Test
  void patchesOnTheMutatingPath() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());

    // When
    HttpResponse<String> response =
        webhook.post(
            WebhookRoutes.MUTATE_PATH,
            "application/json; charset=utf-8",
            GoldenReviewTest.bytes("patched-request.json"));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(response.body()))
        .isEqualTo(GoldenReviewTest.golden("patched-response.json"));
  }

  @Test
  void refusesAClientThatDoesNotTrustTheCa() {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());
    var stranger =
        java.net.http.HttpClient.newBuilder()
            .sslContext(new TestTls("other-ca").clientContext())
            .build();

    // When / Then
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                stranger.send(
                    java.net.http.HttpRequest.newBuilder(webhook.uri("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void speaksTls12AndTls13() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());
    List<String> negotiated = new java.util.ArrayList<>();

    // When
    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
      javax.net.ssl.SSLParameters parameters = new javax.net.ssl.SSLParameters();
      parameters.setProtocols(new String[] {protocol});
      var client =
          java.net.http.HttpClient.newBuilder()
              .sslContext(webhook.tls.clientContext())
              .sslParameters(parameters)
              .build();
      HttpResponse<String> response =
          client.send(
              java.net.http.HttpRequest.newBuilder(webhook.uri(OperationalRoutes.HEALTHZ_PATH))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      negotiated.add(response.sslSession().orElseThrow().getProtocol());
    }

    // Then
    assertThat(negotiated).containsExactly("TLSv1.2", "TLSv1.3");
  }

  @Test
  void refusesBodiesThatAreNotJsonWith400() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());

    // When
    HttpResponse<String> response =
        webhook.post(
            WebhookRoutes.VALIDATE_PATH, "text/plain", "{}".getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(message(response)).isEqualTo("Content-Type \"text/plain\" is not application/json");
  }

  @Test
  void refusesBodiesAbove3MiBWith413() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());
    byte[] body = new byte[3 * 1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');

    // When
    HttpResponse<String> response =
        webhook.post(WebhookRoutes.VALIDATE_PATH, "application/json", body);

    // Then
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(message(response))
        .isEqualTo("the body has 3145729 bytes; the limit is 3145728 bytes");
  }

  @Test
  void refusesABodyWithoutUidWith400AndTheReason() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());

    // When
    HttpResponse<String> response =
        webhook.post(WebhookRoutes.VALIDATE_PATH, "{\"request\":{\"kind\":{}}}");

    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(message(response)).isEqualTo("request.uid is missing");
  }

  @Test
  void answersAnUndecodableReviewWith200EchoingTheUid() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());

    // When
    HttpResponse<String> response =
        webhook.post(
            WebhookRoutes.VALIDATE_PATH,
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"u-7\",\"kind\":{\"group\":\"\",\"version\":\"v1\","
                + "\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":{\"spec\":7}}}");

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode review = Json.MAPPER.readTree(response.body()).get("response");
    assertThat(review.get("uid").asString()).isEqualTo("u-7");
    assertThat(review.get("allowed").asBoolean()).isFalse();
    assertThat(review.get("status").get("code").asInt()).isEqualTo(400);
    assertThat(review.get("status").get("message").asString())
        .isEqualTo("request.object.spec is a JSON number, not an object");
  }

  @Test
  void isReadyOnlyOnceTheCachesHaveSynced() throws Exception {
    // Given
    AtomicBoolean synced = new AtomicBoolean(false);
    webhook =
        new HttpsWebhook(
            dir,
            Fixtures.service(),
            synced::get,
            WebhookConfig.of(Fixtures.POWER_NS, Optional.empty()));
    int before = webhook.get(OperationalRoutes.READYZ_PATH).statusCode();

    // When
    synced.set(true);

    // Then
    assertThat(before).isEqualTo(503);
    assertThat(webhook.get(OperationalRoutes.READYZ_PATH).statusCode()).isEqualTo(200);
    assertThat(webhook.get(OperationalRoutes.HEALTHZ_PATH).statusCode()).isEqualTo(200);
  }

  @Test
  void exposesReviewCountsAndLatencyBucketsAsPrometheusText() throws Exception {
    // Given
    webhook = new HttpsWebhook(dir, Fixtures.service());
    webhook.post(
        WebhookRoutes.VALIDATE_PATH,
        "application/json",
        GoldenReviewTest.bytes("denied-request.json"));
    webhook.post(
        WebhookRoutes.MUTATE_PATH,
        "application/json",
        GoldenReviewTest.bytes("patched-request.json"));
    webhook.post(WebhookRoutes.MUTATE_PATH, "text/xml", new byte[0]);

    // When
    HttpResponse<String> metrics = webhook.get(OperationalRoutes.METRICS_PATH);

    // Then
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "power_manager_webhook_reviews_total{kind=\"Pod\",operation=\"CREATE\","
                + "verdict=\"denied\",webhook=\"validate\"} 1.0")
        .contains(
            "power_manager_webhook_reviews_total{kind=\"Pod\",operation=\"CREATE\","
                + "verdict=\"patched\",webhook=\"mutate\"} 1.0")
        .contains(
            "power_manager_webhook_rejected_requests_total{reason=\"content-type\","
                + "webhook=\"mutate\"} 1.0")
        .contains(
            "power_manager_webhook_review_duration_seconds_bucket{webhook=\"validate\",le=\"0.005\"}")
        .contains(
            "power_manager_webhook_review_duration_seconds_bucket{webhook=\"validate\",le=\"25.0\"}")
        .contains(
            "power_manager_webhook_review_duration_seconds_bucket{webhook=\"mutate\",le=\"0.001\"}");
  }

  @Test
  void drainsInFlightReviewsOnClose() throws Exception {
    // Given
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PowerCatalog slow = new SlowCatalog(Fixtures.catalog(), inside, release);
    webhook =
        new HttpsWebhook(
            dir,
            new AdmissionService(slow, AdmissionSettings.of(Fixtures.POWER_NS)),
            () -> true,
            WebhookConfig.of(Fixtures.POWER_NS, Optional.empty())
                .withDrainTimeout(Duration.ofSeconds(10)));
    CompletableFuture<HttpResponse<String>> review =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return webhook.post(
                    WebhookRoutes.VALIDATE_PATH,
                    "application/json",
                    GoldenReviewTest.bytes("allowed-request.json"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    // When
    CompletableFuture<Void> closing = CompletableFuture.runAsync(webhook.server::close);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(closing).isNotDone());
    release.countDown();

    // Then
    assertThat(review.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(review.get().body()).get("response").get("allowed").asBoolean())
        .isTrue();
    closing.get(10, TimeUnit.SECONDS);
  }

  private static String message(HttpResponse<String> response) {
    return Json.MAPPER
        .readTree(response.body())
        .get("response")
        .get("status")
        .get("message")
        .asString();
  }

  /** Delegates to a catalog, but the first profile lookup waits to be released. */
  private static final class SlowCatalog implements PowerCatalog {
    private final PowerCatalog delegate;
    private final CountDownLatch inside;
    private final CountDownLatch release;

    SlowCatalog(PowerCatalog delegate, CountDownLatch inside, CountDownLatch release) {
      this.delegate = delegate;
      this.inside = inside;
      this.release = release;
    }

    @Override
    public boolean knowsProfiles() {
      return delegate.knowsProfiles();
    }

    @Override
    public Optional<io.powermanager.domain.power.PowerProfile> profile(String name) {
      inside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return delegate.profile(name);
    }

    @Override
    public boolean knowsNodes() {
      return delegate.knowsNodes();
    }

    @Override
    public java.util.List<String> nodesMatching(java.util.Map<String, String> selector) {
      return delegate.nodesMatching(selector);
    }

    @Override
    public Optional<String> sharedWorkloadOn(String node, String exceptWorkload) {
      return delegate.sharedWorkloadOn(node, exceptWorkload);
    }

    @Override
    public Optional<String> powerConfigOtherThan(String exceptName) {
      return delegate.powerConfigOtherThan(exceptName);
    }

    @Override
    public java.util.List<String> usersOf(String profile) {
      return delegate.usersOf(profile);
    }

    @Override
    public java.util.List<io.powermanager.domain.power.Frequency> powerNodeMaxima() {
      return delegate.powerNodeMaxima();
    }

    @Override
    public java.util.List<io.powermanager.domain.power.Frequency> powerNodeMinima() {
      return delegate.powerNodeMinima();
    }

    @Override
    public java.util.List<java.util.List<io.powermanager.domain.power.HardwareRange>>
        powerNodeCoreTypes() {
      return delegate.powerNodeCoreTypes();
    }

    @Override
    public java.util.List<String> powerNodesMatching(
        io.powermanager.domain.node.LabelSelector selector) {
      return delegate.powerNodesMatching(selector);
    }

    @Override
    public java.util.List<String> customDevices() {
      return delegate.customDevices();
    }
  }
}
