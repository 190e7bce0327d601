package io.powermanager.extender;

import static io.powermanager.extender.Fixtures.NOW;
import static io.powermanager.extender.Fixtures.boundTo;
import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.powerNode;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.ExtenderJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies exactly as kube-scheduler's {@code json.Marshal} writes {@code
 * extender/v1.ExtenderArgs} (no json tags, so capitalised keys; nil pointers as {@code null}; Pod
 * and NodeList in ordinary Kubernetes JSON), and the answers compared byte for byte with what Go's
 * {@code encoding/json} must decode into {@code ExtenderFilterResult} and {@code HostPriorityList}.
 */
class GoldenWireTest {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());
  private final FilterService filter = new FilterService(view);
  private final PrioritizeService prioritize = new PrioritizeService(view, ScorePolicy.SPREAD);

  @BeforeEach
  void clusterFromTheGoldenNodes() {
    // node-a: 8 performance CPUs, none used; node-b: agent silent for 5 minutes;
    // node-c: 4 performance CPUs, 3 used
    for (JsonNode item : golden("filter-nodes-request.json").get("Nodes").get("items")) {
      view.nodeChanged(ExtenderJson.mapper().treeToValue(item, Node.class));
    }
    view.powerNodeChanged(liveAgent("node-a"));
    view.powerNodeChanged(powerNode("node-b", NOW.minusSeconds(300)));
    view.powerNodeChanged(liveAgent("node-c"));
    view.podChanged(boundTo(powerPod("batch", "performance", 3), "node-c"));
  }

  @Test
  void filtersANamesOnlyRequestIntoNodeNames() {
    // Given
    ExtenderArgs args = read("filter-names-request.json");

    // When
    String answer = new String(ExtenderJson.write(filter.filter(args)), StandardCharsets.UTF_8);

    // Then
    assertThat(answer)
        .isEqualTo(
            "{\"Nodes\":null,\"NodeNames\":[\"node-a\"],"
                + "\"FailedNodes\":{\"node-c\":\"needs 2 performance CPUs, 1 left\"},"
                + "\"FailedAndUnresolvableNodes\":{\"node-b\":\"power agent silent for 5m\"},"
                + "\"Error\":\"\"}")
        .isEqualTo(text("filter-names-response.json"));
  }

  @Test
  void filtersAFullNodeListIntoTheSameNodeObjects() {
    // Given
    ExtenderArgs args = read("filter-nodes-request.json");

    // When
    String answer = new String(ExtenderJson.write(filter.filter(args)), StandardCharsets.UTF_8);

    // Then
    assertThat(answer)
        .startsWith("{\"Nodes\":{\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"node-a\",")
        .endsWith(
            "]},\"NodeNames\":null,"
                + "\"FailedNodes\":{\"node-c\":\"needs 2 performance CPUs, 1 left\"},"
                + "\"FailedAndUnresolvableNodes\":{\"node-b\":\"power agent silent for 5m\"},"
                + "\"Error\":\"\"}")
        .contains("\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}}")
        .isEqualTo(text("filter-nodes-response.json"));
  }

  @Test
  void prioritizesANamesOnlyRequest() {
    // Given
    view.podDeleted(boundTo(powerPod("batch", "performance", 3), "node-c"));
    view.podChanged(boundTo(powerPod("small", "performance", 1), "node-c"));
    ExtenderArgs args = read("prioritize-names-request.json");

    // When
    String answer =
        new String(ExtenderJson.write(prioritize.prioritize(args)), StandardCharsets.UTF_8);

    // Then
    assertThat(answer)
        .isEqualTo("[{\"Host\":\"node-a\",\"Score\":8},{\"Host\":\"node-c\",\"Score\":3}]");
  }

  @Test
  void prioritizesAFullNodeListRequest() {
    // Given
    view.podDeleted(boundTo(powerPod("batch", "performance", 3), "node-c"));
    view.podChanged(boundTo(powerPod("small", "performance", 1), "node-c"));
    ExtenderArgs args = read("prioritize-nodes-request.json");

    // When
    String answer =
        new String(ExtenderJson.write(prioritize.prioritize(args)), StandardCharsets.UTF_8);

    // Then
    assertThat(answer)
        .isEqualTo("[{\"Host\":\"node-a\",\"Score\":8},{\"Host\":\"node-c\",\"Score\":3}]");
  }

  @Test
  void readsTheFullPodOfTheRequest() {
    // When
    ExtenderArgs args = read("filter-names-request.json");

    // Then
    assertThat(args.pod().getMetadata().getName()).isEqualTo("web-7d9f8b6c5d-x2x7q");
    assertThat(args.pod().getSpec().getContainers().get(0).getResources().getLimits())
        .containsKey("power.intel.com/performance");
    assertThat(args.nodes()).isNull();
    assertThat(args.nodeNames()).containsExactly("node-a", "node-b", "node-c");
  }

  @Test
  void readsTopLevelKeysCaseInsensitivelyAsGoDoes() {
    // Given
    String lowered =
        text("filter-names-request.json")
            .replace("{\"Pod\":", "{\"pod\":")
            .replace(",\"Nodes\":null,\"NodeNames\":", ",\"nodes\":null,\"nodenames\":");

    // When
    ExtenderArgs args = ExtenderJson.readArgs(lowered.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(lowered.toLowerCase(Locale.ROOT)).startsWith("{\"pod\":");
    assertThat(args.nodeNames()).containsExactly("node-a", "node-b", "node-c");
    assertThat(args.pod().getMetadata().getNamespace()).isEqualTo("default");
  }

  private static ExtenderArgs read(String name) {
    return ExtenderJson.readArgs(text(name).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode golden(String name) {
    return ExtenderJson.mapper().readTree(text(name));
  }

  static String text(String name) {
    try (InputStream in = GoldenWireTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("golden file " + name + " not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
