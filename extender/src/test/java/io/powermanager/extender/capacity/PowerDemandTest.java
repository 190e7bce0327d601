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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerDemandTest {

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
                + " \"1500m\" is not a whole number of CPUs of a profile (0 to"
                + " 9223372036854775807)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e308", "9223372036854775808", "8Ei"})
  void refusesAnAmountTooLargeToCountInsteadOfWrappingIt(String amount) {
    // Given
    Pod pod =
        pod(
            List.of(),
            container("app", Map.of("power.intel.com/performance", amount)),
            container("other", Map.of("power.intel.com/performance", "2")));
    List<String> problems = new ArrayList<>();

    // When
    PowerDemand demand = PowerDemand.of(pod, problems);

    // Then
    assertThat(demand.cpus("performance")).isEqualTo(2);
    assertThat(problems)
        .singleElement()
        .asString()
        .contains("spec.containers[0] (container \"app\")", "= \"" + amount + "\"");
  }

  @Test
  void addsThePodOverheadOfAProfile() {
    // Given
    Pod pod =
        new PodBuilder(pod(List.of(), container("app", Map.of("power.intel.com/performance", "2"))))
            .editSpec()
            .withOverhead(Map.of("power.intel.com/performance", new Quantity("1")))
            .endSpec()
            .build();

    // When
    PowerDemand demand = PowerDemand.of(pod, new ArrayList<>());

    // Then
    assertThat(demand.cpus("performance")).isEqualTo(3);
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
