package io.powermanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;

class SeedExamplesTest {

  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  @Test
  void readsSeedPowerConfig() {
    // When
    PowerConfig config = Serialization.unmarshal(SeedExamples.POWER_CONFIG, PowerConfig.class);

    // Then
    assertThat(config.getMetadata().getName()).isEqualTo("power-config");
    assertThat(config.getSpec().getPowerImage()).isEqualTo("appqos:latest");
    assertThat(config.getSpec().getPowerNodeSelector())
        .containsExactly(Map.entry("feature.node.kubernetes.io/appqos-node", "true"));
    assertThat(config.getSpec().getPowerProfiles()).containsExactly("performance");
    assertThat(config.getStatus()).isNull();
  }

  @Test
  void readsSeedSharedProfile() {
    // When
    PowerProfile profile = Serialization.unmarshal(SeedExamples.SHARED_PROFILE, PowerProfile.class);

    // Then
    assertProfile(profile, "shared", 1500, 1000, "power");
    assertThat(profile.getSpec().getGovernor()).isNull();
    assertThat(profile.getSpec().getCpuCapacity()).isNull();
  }

  @Test
  void readsSeedPerformanceExampleNodeProfile() {
    // When
    PowerProfile profile =
        Serialization.unmarshal(SeedExamples.PERFORMANCE_EXAMPLE_NODE_PROFILE, PowerProfile.class);

    // Then
    assertProfile(profile, "performance-example-node", 3700, 3300, "performance");
  }

  /** The profile is named {@code name} in its metadata and spec, with these bounds and EPP. */
  private static void assertProfile(
      PowerProfile profile, String name, int max, int min, String epp) {
    assertThat(profile.getMetadata().getName()).isEqualTo(name);
    assertThat(profile.getSpec())
        .extracting(
            PowerProfileSpec::getName,
            spec -> spec.getMax().getIntVal(),
            spec -> spec.getMin().getIntVal(),
            PowerProfileSpec::getEpp)
        .containsExactly(name, max, min, epp);
  }

  @Test
  void readsSeedSharedWorkload() {
    // When
    PowerWorkload workload =
        Serialization.unmarshal(SeedExamples.SHARED_WORKLOAD, PowerWorkload.class);

    // Then
    PowerWorkloadSpec spec = workload.getSpec();
    assertThat(workload.getMetadata().getName()).isEqualTo("shared-example-node-workload");
    assertThat(spec.getName()).isEqualTo("shared-example-node-workload");
    assertThat(spec.getAllCores()).isTrue();
    assertThat(spec.getReservedCPUs()).containsExactly(0, 1);
    assertThat(spec.getPowerNodeSelector())
        .containsExactly(Map.entry("kubernetes.io/hostname", "example-node"));
    assertThat(spec.getPowerProfile()).isEqualTo("shared");
    assertThat(spec.getNodeInfo()).isNull();
  }

  @Test
  void readsSeedPerformanceWorkload() {
    // When
    PowerWorkload workload =
        Serialization.unmarshal(SeedExamples.PERFORMANCE_WORKLOAD, PowerWorkload.class);

    // Then
    PowerWorkloadSpec spec = workload.getSpec();
    assertThat(spec.getName()).isEqualTo("performance-example-node-workload");
    assertThat(spec.getPowerProfile()).isEqualTo("performance-example-node");
    assertThat(spec.getAllCores()).isNull();
    assertThat(spec.getNodeInfo().getName()).isEqualTo("example-node");
    assertThat(spec.getNodeInfo().getCpuIds()).containsExactly(2, 3, 66, 67);
    assertThat(spec.getNodeInfo().getContainers())
        .extracting(
            WorkloadContainer::getExclusiveCPUs,
            WorkloadContainer::getId,
            WorkloadContainer::getName,
            WorkloadContainer::getPod,
            WorkloadContainer::getPowerProfile)
        .containsExactly(
            tuple(
                List.of(2, 3, 66, 67),
                "f1be89f7dda457a7bb8929d4da8d3b3092c9e2a35d91065f1b1c9e71d19bcd4f",
                "example-container",
                "example-pod",
                "performance-example-node"));
  }

  @Test
  void readsSeedPowerNodeStatus() {
    // When
    PowerNode node = Serialization.unmarshal(SeedExamples.POWER_NODE, PowerNode.class);

    // Then
    PowerNodeStatus status = node.getStatus();
    assertThat(node.getSpec().getNodeName()).isEqualTo("example-node");
    assertThat(status.getActiveProfiles())
        .containsExactly(Map.entry("performance-example-node", true));
    assertThat(status.getActiveWorkloads())
        .extracting(ActiveWorkload::getName, ActiveWorkload::getCores)
        .containsExactly(tuple("performance-example-node-workload", List.of(2, 3, 8, 9)));
    assertThat(status.getPowerContainers())
        .extracting(
            PowerContainer::getExclusiveCpus,
            PowerContainer::getId,
            PowerContainer::getName,
            PowerContainer::getPod,
            PowerContainer::getPowerProfile,
            PowerContainer::getWorkload)
        .containsExactly(
            tuple(
                List.of(2, 3, 8, 9),
                "c392f492e05fc245f77eba8a90bf466f70f19cb48767968f3bf44d7493e18e5b",
                "example-container",
                "example-pod",
                "performance-example-node",
                "performance-example-node-workload"));
    assertThat(status.getSharedPools())
        .extracting(SharedPool::getName, SharedPool::getSharedPoolCpuIds)
        .containsExactly(
            tuple(SharedPool.DEFAULT, List.of(0, 1)),
            tuple(SharedPool.SHARED, List.of(4, 5, 6, 7, 10)));
  }

  static Stream<Arguments> seedExamples() {
    return Stream.of(
        arguments(PowerConfig.class, SeedExamples.POWER_CONFIG),
        arguments(PowerProfile.class, SeedExamples.SHARED_PROFILE),
        arguments(PowerProfile.class, SeedExamples.PERFORMANCE_EXAMPLE_NODE_PROFILE),
        arguments(PowerWorkload.class, SeedExamples.SHARED_WORKLOAD),
        arguments(PowerWorkload.class, SeedExamples.PERFORMANCE_WORKLOAD),
        arguments(PowerNode.class, SeedExamples.POWER_NODE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedExamples")
  void writesSeedExampleBackWithTheSameJsonNamesAndNothingElse(
      Class<? extends HasMetadata> kind, String yaml) {
    // Given
    HasMetadata object = Serialization.unmarshal(yaml, kind);

    // When
    String json = Serialization.asJson(object);

    // Then
    assertThat(Serialization.unmarshal(json, TREE)).isEqualTo(Serialization.unmarshal(yaml, TREE));
  }
}
