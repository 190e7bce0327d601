package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Plain-HTTP chunked watches as kubectl and client-go send them. */
class WatchIT {
  @RegisterExtension static final ApiServerExtension server = new ApiServerExtension();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void clean() {
    server.client().pods().inAnyNamespace().delete();
  }

  @Test
  void watchFromAResourceVersionSkipsWhatTheClientListed() throws Exception {
    // Given a pod the client has already listed
    server
        .client()
        .pods()
        .inNamespace("default")
        .resource(Fabric8ClientIT.pod("old", null))
        .create();
    String listed =
        server.client().pods().inNamespace("default").list().getMetadata().getResourceVersion();

    // When it watches from that version and a new pod arrives
    List<JsonNode> events =
        watch("/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + listed, "");
    server
        .client()
        .pods()
        .inNamespace("default")
        .resource(Fabric8ClientIT.pod("new", null))
        .create();

    // Then only the new pod is reported
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(names(events)).containsExactly("ADDED new"));
  }

  @Test
  void selectorTransitionsBecomeAddedAndDeleted() throws Exception {
    // Given a watch on pods of node-1 and a pod not yet bound
    server
        .client()
        .pods()
        .inNamespace("default")
        .resource(Fabric8ClientIT.pod("moving", null))
        .create();
    String listed =
        server.client().pods().inNamespace("default").list().getMetadata().getResourceVersion();
    List<JsonNode> events =
        watch(
            "/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dnode-1&resourceVersion="
                + listed,
            "");

    // When it is put on node-1, changed, then moved away
    server
        .client()
        .pods()
        .inNamespace("default")
        .withName("moving")
        .edit(p -> new PodBuilder(p).editSpec().withNodeName("node-1").endSpec().build());
    server
        .client()
        .pods()
        .inNamespace("default")
        .withName("moving")
        .edit(p -> new PodBuilder(p).editMetadata().addToLabels("a", "b").endMetadata().build());
    server
        .client()
        .pods()
        .inNamespace("default")
        .withName("moving")
        .edit(p -> new PodBuilder(p).editSpec().withNodeName("node-2").endSpec().build());

    // Then the watch sees it enter, change and leave its selection
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(names(events))
                    .containsExactly("ADDED moving", "MODIFIED moving", "DELETED moving"));
  }

  @Test
  void initialEventsEndWithABookmark() throws Exception {
    // Given one pod
    server
        .client()
        .pods()
        .inNamespace("default")
        .resource(Fabric8ClientIT.pod("initial", null))
        .create();

    // When a client asks for initial events (client-go WatchList)
    List<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/pods?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            "");

    // Then it gets the pod as ADDED and then the initial-events-end bookmark
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events).hasSize(2));
    assertThat(events.get(0).path("type").asString()).isEqualTo("ADDED");
    assertThat(events.get(1).path("type").asString()).isEqualTo("BOOKMARK");
    assertThat(
            events.get(1).at("/object/metadata/annotations/k8s.io~1initial-events-end").asString())
        .isEqualTo("true");
  }

  @Test
  void watchEndsAfterTimeoutSeconds() throws Exception {
    // When a watch asks for a one-second timeout
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.api().url() + "/api/v1/pods?watch=true&timeoutSeconds=1"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // Then the server ends the stream by itself
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void tableWatchesCarryTableObjects() throws Exception {
    // Given a watch that asks for tables
    List<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/pods?watch=true",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

    // When a pod arrives
    server
        .client()
        .pods()
        .inNamespace("default")
        .resource(Fabric8ClientIT.pod("tabled", null))
        .create();

    // Then its event holds a one-row Table
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events).isNotEmpty());
    assertThat(events.get(0).at("/object/kind").asString()).isEqualTo("Table");
    assertThat(events.get(0).at("/object/rows/0/cells/0").asString()).isEqualTo("tabled");
  }

  @Test
  void unknownResourceWatchIsA404Status() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.api().url() + "/apis/nope.example.com/v1/things?watch=true"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"kind\":\"Status\"");
  }

  /** Starts a watch and collects its events in the background until the test ends. */
  private List<JsonNode> watch(String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.api().url() + pathAndQuery));
    if (!accept.isEmpty()) {
      request.header("Accept", accept);
    }
    HttpResponse<java.io.InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (!line.isBlank()) {
                    events.add(Json.parse(line));
                  }
                }
              } catch (IOException e) {
                // the stream ends with the test
              }
            },
            "watch-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  private static List<String> names(List<JsonNode> events) {
    return events.stream()
        .map(e -> e.path("type").asString() + " " + e.at("/object/metadata/name").asString())
        .toList();
  }
}
