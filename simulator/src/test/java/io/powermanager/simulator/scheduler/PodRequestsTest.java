package io.powermanager.simulator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {

  /** A container named {@code name} requesting resource, quantity, resource, quantity… */
  private static Container container(String name, String... requests) {
    Map<String, Quantity> r = new LinkedHashMap<>();
    for (int i = 0; i < requests.length; i += 2) {
      r.put(requests[i], new Quantity(requests[i + 1]));
    }
    return new ContainerBuilder()
        .withName(name)
        .withNewResources()
        .withRequests(r)
        .endResources()
        .build();
  }

  private static Pod pod(List<Container> initContainers, List<Container> containers) {
    return new PodBuilder()
        .withNewSpec()
        .withInitContainers(initContainers)
        .withContainers(containers)
        .endSpec()
        .build();
  }

  /** {@code init} as a sidecar: an init container with {@code restartPolicy: Always}. */
  private static Container sidecar(Container init) {
    return new ContainerBuilder(init).withRestartPolicy("Always").build();
  }

  @Test
  void sumsContainersAndRaisesToTheLargestInitContainer() {
    // Given
    Pod pod =
        pod(
            List.of(container("init", "cpu", "3", "memory", "1Mi")),
            List.of(
                container("a", "cpu", "500m", "memory", "1Gi"),
                container("b", "cpu", "1", "power.intel.com/performance", "1")));

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
        new PodBuilder(
                pod(
                    List.of(
                        sidecar(container("proxy", "cpu", "1", "power.intel.com/performance", "1")),
                        container("migrate", "cpu", "2")),
                    List.of(container("app", "cpu", "500m", "power.intel.com/performance", "2"))))
            .editSpec()
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
        pod(
            List.of(),
            List.of(
                container("app", "cpu", "1e308", "power.intel.com/performance", "2"),
                container(
                    "more", "cpu", "1", "power.intel.com/performance", "9223372036854775807")));

    // When
    Map<String, Long> requests = PodRequests.of(pod);

    // Then
    assertThat(requests)
        .containsEntry("cpu", Long.MAX_VALUE)
        .containsEntry("power.intel.com/performance", Long.MAX_VALUE);
  }
}
