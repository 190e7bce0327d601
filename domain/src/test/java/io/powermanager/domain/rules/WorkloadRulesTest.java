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
            "spec.powerNodeSelector: {kubernetes.io/hostname=node-2} selects node \"node-2\","
                + " already selected by shared workload \"shared-node-2-workload\"; a node has at"
                + " most one shared workload, so \"shared-again\" and \"shared-node-2-workload\""
                + " cannot both select it"));
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
  void deniesASelectorThatMatchesNoNode() {
    assertThat(
            messages(
                WorkloadRules.check(
                    shared("shared-a", Map.of("kubernetes.io/hostname", "gone"), List.of()),
                    CLUSTER)))
        .containsExactly(
            "spec.powerNodeSelector: {kubernetes.io/hostname=gone} selects no power node; a"
                + " shared workload must select at least one");
  }

  static final StaticCatalog THREE_NODES =
      StaticCatalog.builder()
          .profile(RuleFixtures.valid("shared", 1000L, 1500L, "power"))
          .profile(RuleFixtures.valid("performance", null, null, "performance"))
          .node("node-1", Map.of("appqos", "true"))
          .node("node-2", Map.of("appqos", "true"))
          .node("node-3", Map.of("appqos", "true", "rack", "b"))
          .sharedWorkload("node-3", "shared-rack-b")
          .build();

  static final StaticCatalog THREE_FREE_NODES =
      StaticCatalog.builder()
          .profile(RuleFixtures.valid("shared", 1000L, 1500L, "power"))
          .profile(RuleFixtures.valid("performance", null, null, "performance"))
          .node("node-1", Map.of("appqos", "true"))
          .node("node-2", Map.of("appqos", "true"))
          .node("node-3", Map.of("appqos", "true"))
          .build();

  /**
   * The version-keyed table: the name rule is v1alpha1's only; many nodes and one shared workload
   * per node hold in both.
   */
  static Stream<Arguments> versionTable() {
    String clash =
        "spec.powerNodeSelector: {appqos=true} selects node \"node-3\", already selected by"
            + " shared workload \"shared-rack-b\"; a node has at most one shared workload, so"
            + " \"%s\" and \"shared-rack-b\" cannot both select it";
    String prefix =
        "metadata.name: \"appqos-pool\" has allCores: true, which makes it a node's shared"
            + " workload; its name must start with \"shared-\"";
    return Stream.of(
        argumentSet(
            "v1: shared without the prefix, 3 free nodes",
            ApiVersion.V1,
            "appqos-pool",
            THREE_FREE_NODES,
            List.of()),
        argumentSet(
            "v1alpha1: shared- prefixed, 3 free nodes",
            ApiVersion.V1ALPHA1,
            "shared-appqos",
            THREE_FREE_NODES,
            List.of()),
        argumentSet(
            "v1alpha1: the prefix rule stays",
            ApiVersion.V1ALPHA1,
            "appqos-pool",
            THREE_FREE_NODES,
            List.of(prefix)),
        argumentSet(
            "v1: a node of the 3 already has a shared workload",
            ApiVersion.V1,
            "appqos-pool",
            THREE_NODES,
            List.of(clash.formatted("appqos-pool"))),
        argumentSet(
            "v1alpha1: a node of the 3 already has a shared workload",
            ApiVersion.V1ALPHA1,
            "shared-appqos",
            THREE_NODES,
            List.of(clash.formatted("shared-appqos"))));
  }

  @ParameterizedTest
  @MethodSource("versionTable")
  void sharedWorkloadsByVersion(
      ApiVersion version, String name, StaticCatalog catalog, List<String> denials) {
    WorkloadView w = shared(name, Map.of("appqos", "true"), List.of());
    assertThat(messages(WorkloadRules.check(w, catalog, version)))
        .containsExactlyElementsOf(denials);
  }

  @Test
  void v1HasNoNameRuleForExclusiveWorkloads() {
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
    assertThat(WorkloadRules.check(w, CLUSTER, ApiVersion.V1)).isEqualTo(RuleResult.ok());
  }

  @Test
  void checksReservedGroups() {
    WorkloadView w =
        new WorkloadView(
            "shared-appqos",
            null,
            true,
            List.of(0L, 1L, 2L),
            Map.of("appqos", "true"),
            "shared",
            null,
            null,
            List.of(
                new ReservedGroup(List.of(0L, 1L), "performance"),
                new ReservedGroup(List.of(1L), "shared"),
                new ReservedGroup(List.of(2L), "nope")));
    assertThat(messages(WorkloadRules.check(w, THREE_FREE_NODES)))
        .containsExactly(
            "spec.reservedCPUGroups[1].cores: CPU 1 is also in spec.reservedCPUGroups[0]; a CPU"
                + " runs one profile",
            "spec.reservedCPUGroups[1].powerProfile: power profile \"shared\" is a shared"
                + " profile; reserved CPUs run an exclusive one (e.g. performance)",
            "spec.reservedCPUGroups[2].powerProfile: power profile \"nope\" does not exist");
  }

  @Test
  void deniesAnEmptySelector() {
    assertThat(messages(WorkloadRules.check(shared("shared-a", Map.of(), List.of()), CLUSTER)))
        .containsExactly(
            "spec.powerNodeSelector: is empty; a shared workload must select its nodes (e.g."
                + " kubernetes.io/hostname: <node>, or a label many nodes carry)");
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
            "spec.powerProfile: power profile \"performance\" is not a shared profile; a shared"
                + " workload needs one (shared: true, or epp: power in v1alpha1)");
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
