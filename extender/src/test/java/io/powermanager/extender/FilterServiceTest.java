package io.powermanager.extender;

import static io.powermanager.extender.Fixtures.boundTo;
import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static io.powermanager.extender.Fixtures.plainPod;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.wire.BadRequestException;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.ExtenderFilterResult;
import io.powermanager.extender.wire.ExtenderJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FilterServiceTest {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());
  private final FilterService filter = new FilterService(view);

  @BeforeEach
  void threeNodes() {
    // node-a: 8 performance free; node-b: no agent; node-c: 2 of 6 left
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));
    view.nodeChanged(nodeWithProfiles("node-b", "performance", 8));
    view.nodeChanged(nodeWithProfiles("node-c", "performance", 6));
    view.powerNodeChanged(liveAgent("node-c"));
    view.podChanged(boundTo(powerPod("other", "performance", 4), "node-c"));
  }

  @Test
  void keepsFittingNodesByNameAndGivesEveryOtherOneAReason() {
    // When
    ExtenderFilterResult result =
        filter.filter(
            ExtenderArgs.ofNames(
                powerPod("web", "performance", 4), List.of("node-c", "node-a", "node-b")));

    // Then
    assertThat(result.nodeNames()).containsExactly("node-a");
    assertThat(result.nodes()).isNull();
    assertThat(result.failedNodes())
        .containsExactly(Map.entry("node-c", "needs 4 performance CPUs, 2 left"));
    assertThat(result.failedAndUnresolvableNodes())
        .containsExactly(Map.entry("node-b", "no power agent"));
    assertThat(result.error()).isEmpty();
  }

  @Test
  void rejectsEveryNodeWithAnEmptyListNotNull() {
    // When
    ExtenderFilterResult result =
        filter.filter(
            ExtenderArgs.ofNames(powerPod("big", "performance", 16), List.of("node-a", "node-b")));

    // Then
    assertThat(result.nodeNames()).isNotNull().isEmpty();
    assertThat(new String(ExtenderJson.write(result)))
        .startsWith("{\"Nodes\":null,\"NodeNames\":[],");
  }

  @Test
  void answersAFullNodeListWithTheVeryItemsItWasGiven() {
    // Given
    JsonNode nodes =
        ExtenderJson.mapper()
            .readTree(
                """
                {"metadata":{},"items":[
                  {"metadata":{"name":"node-a","labels":{"zone":"z1"}},"status":{"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}},
                  {"metadata":{"name":"node-b"}}]}
                """);

    // When
    ExtenderFilterResult result =
        filter.filter(new ExtenderArgs(powerPod("web", "performance", 2), nodes, null));

    // Then
    assertThat(result.nodeNames()).isNull();
    assertThat(result.nodes().get("items")).hasSize(1);
    assertThat(result.nodes().get("items").get(0)).isSameAs(nodes.get("items").get(0));
    assertThat(result.nodes().get("metadata")).isEqualTo(nodes.get("metadata"));
    assertThat(result.failedAndUnresolvableNodes()).containsOnlyKeys("node-b");
  }

  @Test
  void passesEveryNodeForAPodAskingNoProfile() {
    // Given
    List<String> names = List.of("node-b", "node-x");

    // When
    ExtenderFilterResult result = filter.filter(ExtenderArgs.ofNames(plainPod("web"), names));

    // Then
    assertThat(result.nodeNames()).isEqualTo(names);
    assertThat(result.failedNodes()).isEmpty();
    assertThat(result.failedAndUnresolvableNodes()).isEmpty();
  }

  @Test
  void reportsAnErrorRatherThanRejectingWhileTheCacheIsNotSynced() {
    // Given
    view.syncedWhen(() -> false);

    // When
    ExtenderFilterResult result =
        filter.filter(ExtenderArgs.ofNames(powerPod("web", "performance", 1), List.of("node-a")));

    // Then
    assertThat(result.nodeNames()).isNull();
    assertThat(result.error())
        .isEqualTo("power capacity cache has not synced yet; the scheduler will retry");
  }

  @Test
  void refusesAPodWhosePowerRequestIsNotAWholeNumber() {
    // Given
    Pod pod = powerPod("web", "performance", 1);
    Pod fractional =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editResources()
            .addToRequests("power.intel.com/performance", new Quantity("500m"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When / Then
    assertThatThrownBy(() -> filter.filter(ExtenderArgs.ofNames(fractional, List.of("node-a"))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("power.intel.com/performance = \"500m\"");
  }

  @Test
  void refusesAPodWhosePowerRequestIsTooLargeToCountInsteadOfPassingEveryNode() {
    // Given
    Pod pod = powerPod("web", "performance", 1);
    Pod huge =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editResources()
            .addToRequests("power.intel.com/performance", new Quantity("1e308"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When / Then
    assertThatThrownBy(() -> filter.filter(ExtenderArgs.ofNames(huge, List.of("node-a"))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("spec.containers[0]")
        .hasMessageContaining("power.intel.com/performance = \"1e308\"");
  }

  @Test
  void refusesARequestNamingNoNodes() {
    // When / Then
    assertThatThrownBy(
            () -> filter.filter(new ExtenderArgs(powerPod("web", "performance", 1), null, null)))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("the request names no nodes: Nodes and NodeNames are null");
  }
}
