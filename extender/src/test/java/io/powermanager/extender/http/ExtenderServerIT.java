package io.powermanager.extender.http;

import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.extender.Fixtures;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standalone server on port 0, spoken to with the JDK HttpClient as kube-scheduler would. */
class ExtenderServerIT {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());
  private final AtomicBoolean synced = new AtomicBoolean(true);
  private final HttpClient http = HttpClient.newHttpClient();
  private ExtenderServer server;

  @BeforeEach
  void start() {
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));
    view.nodeChanged(nodeWithProfiles("node-c", "performance", 4));
    view.powerNodeChanged(liveAgent("node-c"));
    view.powerNodeChanged(Fixtures.powerNode("node-b", Fixtures.NOW.minusSeconds(300)));
    view.syncedWhen(synced::get);
    PrometheusRegistry registry = new PrometheusRegistry();
    ExtenderConfig config =
        ExtenderConfig.defaults(Fixtures.POWER_NAMESPACE).withHost("127.0.0.1").withPort(0);
    server =
        ExtenderServer.serve(
            config, ExtenderRoutes.create(view, config, registry), registry, Optional.empty());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void filtersOverHttp() throws Exception {
    // When
    HttpResponse<String> response = post("/filter", golden("filter-names-request.json"));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.body())
        .isEqualTo(
            "{\"Nodes\":null,\"NodeNames\":[\"node-a\",\"node-c\"],\"FailedNodes\":{},"
                + "\"FailedAndUnresolvableNodes\":{\"node-b\":\"power agent silent for 5m\"},"
                + "\"Error\":\"\"}");
  }

  @Test
  void prioritizesOverHttp() throws Exception {
    // When
    HttpResponse<String> response = post("/prioritize", golden("prioritize-names-request.json"));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("[{\"Host\":\"node-a\",\"Score\":8},{\"Host\":\"node-c\",\"Score\":5}]");
  }

  @Test
  void answersABodyThatIsNotJsonWith400AndTheReason() throws Exception {
    // When
    HttpResponse<String> response = post("/filter", "{\"Pod\": {not json");

    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .startsWith("request body is not an ExtenderArgs object at Pod: Unexpected character");
  }

  @Test
  void answersARequestWithoutPodWith400() throws Exception {
    // When
    HttpResponse<String> response =
        post("/prioritize", "{\"Pod\":null,\"NodeNames\":[\"node-a\"]}");

    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Pod is missing");
  }

  @Test
  void answersAnOversizedBodyWith413() throws Exception {
    // Given
    PrometheusRegistry registry = new PrometheusRegistry();
    ExtenderConfig tiny =
        new ExtenderConfig("127.0.0.1", 0, Fixtures.POWER_NAMESPACE, ScorePolicy.SPREAD, 1024);
    try (ExtenderServer small =
        ExtenderServer.serve(
            tiny, ExtenderRoutes.create(view, tiny, registry), registry, Optional.empty())) {

      // When
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(small.uri().resolve("/filter"))
                  .POST(HttpRequest.BodyPublishers.ofString(golden("filter-names-request.json")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      // Then
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).isEqualTo("request body is larger than 1024 bytes");
    }
  }

  @Test
  void readsRequestsLargerThanJavalinsDefaultLimit() throws Exception {
    // Given: ~2 MB of candidate names (Javalin's own default limit is 1 MB)
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 150_000; i++) {
      names.append(i == 0 ? "" : ",").append("\"node-").append(i).append('"');
    }
    String body =
        golden("filter-names-request.json")
            .replace("[\"node-a\",\"node-b\",\"node-c\"]", "[" + names + "]");

    // When
    HttpResponse<String> response = post("/filter", body);

    // Then
    assertThat(body.length()).isGreaterThan(1_500_000);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"Nodes\":null,\"NodeNames\":[],");
  }

  @Test
  void putsAnInternalProblemInTheErrorFieldNeverA500() throws Exception {
    // Given
    view.syncedWhen(
        () -> {
          throw new IllegalStateException("cache exploded");
        });

    // When
    HttpResponse<String> filter = post("/filter", golden("filter-names-request.json"));
    HttpResponse<String> prioritize = post("/prioritize", golden("prioritize-names-request.json"));

    // Then
    assertThat(filter.statusCode()).isEqualTo(200);
    assertThat(filter.body())
        .isEqualTo(
            "{\"Nodes\":null,\"NodeNames\":null,\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},"
                + "\"Error\":\"power extender could not filter: java.lang.IllegalStateException:"
                + " cache exploded\"}");
    assertThat(prioritize.statusCode()).isEqualTo(200);
    assertThat(prioritize.body()).isEqualTo("[]");
  }

  @Test
  void isReadyOnlyOnceTheCacheHasSynced() throws Exception {
    // Given
    synced.set(false);

    // When
    HttpResponse<String> before = get("/readyz");
    synced.set(true);
    HttpResponse<String> after = get("/readyz");

    // Then
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void exposesRequestAndCacheMetrics() throws Exception {
    // Given
    post("/filter", golden("filter-names-request.json"));
    post("/filter", "nonsense");

    // When
    HttpResponse<String> metrics = get("/metrics");

    // Then
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("power_manager_extender_requests_total{outcome=\"ok\",verb=\"filter\"} 1.0")
        .contains(
            "power_manager_extender_requests_total{outcome=\"bad_request\",verb=\"filter\"} 1.0")
        .contains("power_manager_extender_filtered_nodes_total{result=\"unresolvable\"} 1.0")
        .contains("power_manager_extender_cached_nodes 3.0")
        .contains("power_manager_extender_request_duration_seconds_bucket");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String golden(String name) throws IOException {
    try (InputStream in = ExtenderServerIT.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
