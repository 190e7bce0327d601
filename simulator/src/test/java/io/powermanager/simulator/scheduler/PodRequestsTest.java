package io.powermanager.simulator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {

  @Test
  void sumsContainersAndRaisesToTheLargestInitContainer() {
    // Given
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .addNewInitContainer()
            .withName("init")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("3"), "memory", new Quantity("1Mi")))
            .endResources()
            .endInitContainer()
            .addNewContainer()
            .withName("a")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
            .endResources()
            .endContainer()
            .addNewContainer()
            .withName("b")
            .withNewResources()
            .withRequests(
                Map.of(
                    "cpu", new Quantity("1"),
                    "power.intel.com/performance", new Quantity("1")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When
    Map<String, Long> requests = PodRequests.of(pod);

    // Then
    assertThat(requests)
        .containsEntry("cpu", 3_000L)
        .containsEntry("memory", 1L << 30)
        .containsEntry("power.intel.com/performance", 1L);
  }

  @Test
  void countsSidecarsAsTheExtenderDoes() {
    // Given
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .addNewInitContainer()
            .withName("proxy")
            .withRestartPolicy("Always")
            .withNewResources()
            .withRequests(
                Map.of("cpu", new Quantity("1"), "power.intel.com/performance", new Quantity("1")))
            .endResources()
            .endInitContainer()
            .addNewInitContainer()
            .withName("migrate")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("2")))
            .endResources()
            .endInitContainer()
            .addNewContainer()
            .withName("app")
            .withNewResources()
            .withRequests(
                Map.of(
                    "cpu", new Quantity("500m"), "power.intel.com/performance", new Quantity("2")))
            .endResources()
            .endContainer()
            .withOverhead(Map.of("cpu", new Quantity("100m")))
            .endSpec()
            .build();

    // When
    Map<String, Long> requests = PodRequests.of(pod);

    // Then
    assertThat(requests)
        .containsEntry("cpu", 3_100L) // max(0.5 + 1, 2 + 1) + 0.1
        .containsEntry("power.intel.com/performance", 3L); // 2 + the sidecar's 1
  }

  @Test
  void holdsAQuantityBeyondALongAtItsLargestValueInsteadOfWrapping() {
    // Given
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withNewResources()
            .withRequests(
                Map.of(
                    "cpu", new Quantity("1e308"), "power.intel.com/performance", new Quantity("2")))
            .endResources()
            .endContainer()
            .addNewContainer()
            .withName("more")
            .withNewResources()
            .withRequests(
                Map.of(
                    "cpu",
                    new Quantity("1"),
                    "power.intel.com/performance",
                    new Quantity("9223372036854775807")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When
    Map<String, Long> requests = PodRequests.of(pod);

    // Then
    assertThat(requests)
        .containsEntry("cpu", Long.MAX_VALUE)
        .containsEntry("power.intel.com/performance", Long.MAX_VALUE);
  }
}
