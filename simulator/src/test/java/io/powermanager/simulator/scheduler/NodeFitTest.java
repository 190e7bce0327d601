package io.powermanager.simulator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFitTest {

  private static Node node(String cpu, String performance) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-1")
        .withLabels(Map.of("kubernetes.io/hostname", "node-1"))
        .endMetadata()
        .withNewStatus()
        .addToAllocatable("cpu", new Quantity(cpu))
        .addToAllocatable("memory", new Quantity("32Gi"))
        .addToAllocatable("pods", new Quantity("110"))
        .addToAllocatable("power.intel.com/performance", new Quantity(performance))
        .endStatus()
        .build();
  }

  private static Pod podWithTwoPerformanceCpus() {
    Map<String, Quantity> r =
        Map.of(
            "cpu", new Quantity("2"),
            "memory", new Quantity("200Mi"),
            "power.intel.com/performance", new Quantity("2"));
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withNewResources()
        .withRequests(r)
        .withLimits(r)
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /** Why a pod of two performance CPUs does not fit node("6", "2") with {@code used} taken. */
  private static List<String> reasonsOnANodeUsing(Map<String, Long> used) {
    Pod pod = podWithTwoPerformanceCpus();
    return NodeFit.reasons(pod, PodRequests.of(pod), node("6", "2"), used);
  }

  @Test
  void fitsWhenAllocatableMinusUsedCoversEveryRequest() {
    // When
    List<String> reasons =
        reasonsOnANodeUsing(Map.of("cpu", 3_000L, "power.intel.com/performance", 0L, "pods", 3L));

    // Then
    assertThat(reasons).isEmpty();
  }

  @Test
  void namesEveryResourceThatIsShortAsKubeSchedulerDoes() {
    // When
    List<String> reasons =
        reasonsOnANodeUsing(Map.of("cpu", 5_000L, "power.intel.com/performance", 2L));

    // Then
    assertThat(reasons)
        .containsExactly("Insufficient cpu", "Insufficient power.intel.com/performance");
  }

  @Test
  void refusesNodesWithoutTheExtendedResource() {
    // Given
    Pod pod = podWithTwoPerformanceCpus();
    Node node = node("6", "2");
    node.getStatus().getAllocatable().remove("power.intel.com/performance");

    // When
    List<String> reasons = NodeFit.reasons(pod, PodRequests.of(pod), node, Map.of());

    // Then
    assertThat(reasons).containsExactly("Insufficient power.intel.com/performance");
  }

  @Test
  void refusesNodesTheNodeSelectorDoesNotMatch() {
    // Given
    Pod pod =
        new PodBuilder(podWithTwoPerformanceCpus())
            .editSpec()
            .withNodeSelector(Map.of("kubernetes.io/hostname", "node-2"))
            .endSpec()
            .build();

    // When
    List<String> reasons = NodeFit.reasons(pod, PodRequests.of(pod), node("6", "2"), Map.of());

    // Then
    assertThat(reasons).containsExactly("node(s) didn't match Pod's node affinity/selector");
  }

  @Test
  void scoresTheEmptierNodeHigher() {
    // Given
    Pod pod = podWithTwoPerformanceCpus();
    Map<String, Long> requests = PodRequests.of(pod);

    // When
    long empty = NodeFit.leastAllocatedScore(requests, node("6", "2"), Map.of());
    long busy = NodeFit.leastAllocatedScore(requests, node("6", "2"), Map.of("cpu", 3_000L));

    // Then
    assertThat(empty).isGreaterThan(busy);
  }
}
