package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.powermanager.api.PowerResources;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone server as the {@code webhook} command starts it: own informers against the fabric8
 * CRUD mock, TLS from a certificate directory written by certs/.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookServerIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path dir;
  private TestTls tls;
  private HttpClient http;

  @BeforeEach
  void setUp() {
    PowerResources.install(client);
    tls = new TestTls("server-it-ca");
    tls.writeServingFiles(dir, "webhook");
    http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  @Test
  void decidesFromItsInformersWithoutCallingTheApiServerPerReview() throws Exception {
    // Given
    WebhookConfig config =
        WebhookConfig.of(POWER_NS, Optional.of(dir)).withHost("127.0.0.1").withPort(0);
    try (WebhookServer webhook = WebhookServer.start(config, client, new PrometheusRegistry())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(get(webhook, "/readyz")).isEqualTo(200));
      byte[] review =
          ReviewCorpus.body(
              Fixtures.admissionRequest(
                  "CREATE",
                  Fixtures.pod(Fixtures.container("app", "2", "1Gi", "fast", "2")),
                  null,
                  null));
      assertThat(allowed(webhook, review)).isFalse();

      // When
      client.resource(Fixtures.profile("fast", 2000, 3000, "performance")).create();

      // Then
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(allowed(webhook, review)).isTrue());
      int requestsBefore = server.getRequestCount();
      for (int i = 0; i < 50; i++) {
        assertThat(allowed(webhook, review)).isTrue();
      }
      assertThat(server.getRequestCount()).isEqualTo(requestsBefore);
    }
  }

  private int get(WebhookServer webhook, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(webhook, path)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private boolean allowed(WebhookServer webhook, byte[] review) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(webhook, WebhookRoutes.VALIDATE_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Json.MAPPER.readTree(response.body()).get("response");
    return answer.get("allowed").asBoolean();
  }

  private static java.net.URI uri(WebhookServer webhook, String path) {
    return java.net.URI.create("https://localhost:" + webhook.port() + path);
  }
}
