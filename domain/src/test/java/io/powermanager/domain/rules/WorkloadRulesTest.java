package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.CLUSTER;
import static io.powermanager.domain.rules.RuleFixtures.messages;
import static io.powermanager.domain.rules.RuleFixtures.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.powermanager.domain.RuleResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadRulesTest {

  private WorkloadView shared(String name, Map<String, String> selector, List<Long> reserved) {
    return new WorkloadView(name, name, true, reserved, selector, "shared", null, null);
  }

  @Test
  void allowsTheSeedsSharedWorkload() {
    WorkloadView w =
        shared(
            "shared-node-1-workload", Map.of("kubernetes.io/hostname", "node-1"), List.of(0L, 1L));
    assertThat(WorkloadRules.check(w, CLUSTER)).isEqualTo(RuleResult.ok());
  }

  static Stream<Arguments> misplacedSharedWorkloads() {
    return Stream.of(
        argumentSet(
            "all cores without the shared- prefix",
            "node-1-pool",
            "node-1",
            "metadata.name: \"node-1-pool\" has allCores: true, which makes it a node's shared"
                + " workload; its name must start with \"shared-\""),
        argumentSet(
            "a second shared workload on a node",
            "shared-again",
            "node-2",
            "spec.powerNodeSelector: node \"node-2\" already has shared workload"
                + " \"shared-node-2-workload\"; a node has one shared workload"));
  }

  @ParameterizedTest
  @MethodSource("misplacedSharedWorkloads")
  void deniesASharedWorkloadThatIsNotTheNodesOne(String name, String node, String message) {
    WorkloadView w = shared(name, Map.of("kubernetes.io/hostname", node), List.of());
    assertThat(messages(WorkloadRules.check(w, CLUSTER))).containsExactly(message);
  }

  @Test
  void deniesTheSharedPrefixWithoutAllCores() {
    WorkloadView w =
        new WorkloadView(
            "shared-x",
            "shared-x",
            false,
            List.of(),
            Map.of(),
            "performance",
            "node-1",
            List.of(2L));
    assertThat(messages(WorkloadRules.check(w, CLUSTER)))
        .containsExactly(
            "spec.allCores: \"shared-x\" is named as a shared workload but allCores is not true;"
                + " set allCores: true or rename it");
  }

  @Test
  void deniesASelectorThatMatchesNoNodeOrSeveral() {
    assertThat(
            messages(
                WorkloadRules.check(
                    shared("shared-a", Map.of("kubernetes.io/hostname", "gone"), List.of()),
                    CLUSTER)))
        .containsExactly(
            "spec.powerNodeSelector: {kubernetes.io/hostname=gone} selects 0 nodes; a shared"
                + " workload must select exactly one");
    assertThat(
            messages(
                WorkloadRules.check(shared("shared-a", Map.of("pool", "a"), List.of()), CLUSTER)))
        .containsExactly(
            "spec.powerNodeSelector: {pool=a} selects 2 nodes (node-1, node-2); a shared"
                + " workload must select exactly one");
  }

  @Test
  void deniesAnEmptySelector() {
    assertThat(messages(WorkloadRules.check(shared("shared-a", Map.of(), List.of()), CLUSTER)))
        .containsExactly(
            "spec.powerNodeSelector: is empty; a shared workload must select exactly one node"
                + " (e.g. kubernetes.io/hostname: <node>)");
  }

  @Test
  void allowsUpdatingTheNodesOwnSharedWorkload() {
    WorkloadView w =
        shared("shared-node-2-workload", Map.of("kubernetes.io/hostname", "node-2"), List.of());
    assertThat(WorkloadRules.check(w, CLUSTER).allowed()).isTrue();
  }

  @Test
  void deniesInvalidAndDuplicateReservedCpus() {
    WorkloadView w =
        shared(
            "shared-node-1-workload",
            Map.of("kubernetes.io/hostname", "node-1"),
            List.of(0L, 1L, 1L, -1L, 9000L));
    assertThat(messages(WorkloadRules.check(w, CLUSTER)))
        .containsExactly(
            "spec.reservedCPUs[2]: CPU 1 is listed twice",
            "spec.reservedCPUs[3]: -1 is not a CPU id (0-8191)",
            "spec.reservedCPUs[4]: 9000 is not a CPU id (0-8191)");
  }

  @Test
  void deniesASharedWorkloadWhoseProfileIsNotShared() {
    WorkloadView w =
        new WorkloadView(
            "shared-node-1-workload",
            null,
            true,
            List.of(),
            Map.of("kubernetes.io/hostname", "node-1"),
            "performance",
            null,
            null);
    assertThat(messages(WorkloadRules.check(w, CLUSTER)))
        .containsExactly(
            "spec.powerProfile: power profile \"performance\" has epp performance; a shared"
                + " workload needs a profile with epp: power");
  }

  @Test
  void deniesAMissingProfile() {
    WorkloadView w =
        new WorkloadView("perf-wl", null, false, null, null, "nope", "node-1", List.of(2L, 3L));
    assertThat(messages(WorkloadRules.check(w, CLUSTER)))
        .containsExactly("spec.powerProfile: power profile \"nope\" does not exist");
  }

  @Test
  void allowsTheSeedsPerformanceWorkloadWhenItsProfileExists() {
    StaticCatalog catalog =
        StaticCatalog.builder()
            .profile(valid("performance-example-node", 3300L, 3700L, "performance"))
            .build();
    WorkloadView w =
        new WorkloadView(
            "performance-example-node-workload",
            "performance-example-node-workload",
            false,
            null,
            null,
            "performance-example-node",
            "example-node",
            List.of(2L, 3L, 66L, 67L));
    assertThat(WorkloadRules.check(w, catalog)).isEqualTo(RuleResult.ok());
  }
}
