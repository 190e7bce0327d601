package io.powermanager.extender.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.extender.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PowerDemandTest {

  @Test
  void sumsTheProfileCpusOfAllAppContainers() {
    // Given
    Pod pod =
        pod(
            List.of(),
            container("a", Map.of("power.intel.com/performance", "2")),
            container("b", Map.of("power.intel.com/performance", "3")),
            container("c", Map.of("power.intel.com/balance-power", "1")));

    // When
    PowerDemand demand = PowerDemand.of(pod, new ArrayList<>());

    // Then
    assertThat(demand.cpusByProfile())
        .containsExactly(Map.entry("balance-power", 1L), Map.entry("performance", 5L));
  }

  @Test
  void takesTheLargerOfTheAppSumAndTheLargestInitContainer() {
    // Given
    Pod pod =
        pod(
            List.of(container("init", Map.of("power.intel.com/performance", "6"))),
            container("a", Map.of("power.intel.com/performance", "2")),
            container("b", Map.of("power.intel.com/performance", "2")));

    // When
    PowerDemand demand = PowerDemand.of(pod, new ArrayList<>());

    // Then
    assertThat(demand.cpus("performance")).isEqualTo(6);
  }

  @Test
  void addsSidecarInitContainersToTheAppContainersAndToLaterInitContainers() {
    // Given
    Container sidecar = container("proxy", Map.of("power.intel.com/performance", "1"));
    sidecar.setRestartPolicy("Always");
    Pod pod =
        pod(
            List.of(sidecar, container("migrate", Map.of("power.intel.com/performance", "4"))),
            container("a", Map.of("power.intel.com/performance", "2")));

    // When
    PowerDemand demand = PowerDemand.of(pod, new ArrayList<>());

    // Then
    assertThat(demand.cpus("performance")).isEqualTo(5); // max(2 + 1, 4 + 1)
  }

  @Test
  void readsTheLimitWhenAContainerGivesNoRequest() {
    // Given
    Container c =
        new ContainerBuilder()
            .withName("app")
            .withNewResources()
            .withLimits(Map.of("power.intel.com/performance", new Quantity("3")))
            .endResources()
            .build();

    // When
    PowerDemand demand = PowerDemand.of(pod(List.of(), c), new ArrayList<>());

    // Then
    assertThat(demand.cpus("performance")).isEqualTo(3);
  }

  @Test
  void findsNoDemandInAPodWithoutPowerResources() {
    // When
    PowerDemand demand = PowerDemand.of(Fixtures.plainPod("web"), new ArrayList<>());

    // Then
    assertThat(demand.isEmpty()).isTrue();
  }

  @Test
  void namesTheContainerResourceAndValueOfAFractionalAmount() {
    // Given
    Pod pod = pod(List.of(), container("app", Map.of("power.intel.com/performance", "1500m")));
    List<String> problems = new ArrayList<>();

    // When
    PowerDemand demand = PowerDemand.of(pod, problems);

    // Then
    assertThat(demand.isEmpty()).isTrue();
    assertThat(problems)
        .containsExactly(
            "spec.containers[0] (container \"app\"): resource power.intel.com/performance ="
                + " \"1500m\" is not a whole number of CPUs of a profile");
  }

  private static Container container(String name, Map<String, String> requests) {
    Map<String, Quantity> q = new java.util.LinkedHashMap<>();
    requests.forEach((k, v) -> q.put(k, new Quantity(v)));
    return new ContainerBuilder()
        .withName(name)
        .withNewResources()
        .withRequests(q)
        .withLimits(q)
        .endResources()
        .build();
  }

  private static Pod pod(List<Container> inits, Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withInitContainers(inits)
        .withContainers(containers)
        .endSpec()
        .build();
  }
}
