package io.powermanager.reconciler.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreNodeOutcome;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.reconciler.Fixtures;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.reconciler.TickingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CStates and Uncore objects targeted by {@code nodeSelector} (or named after a node) get their
 * status from the manager: the nodes they apply to, each node's outcome, and {@code Applied}, as
 * the PowerNodes' reports (written here as the agents would) change.
 */
class TuningStatusIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private Reconcilers reconcilers;

  @BeforeEach
  void start() {
    api = Fixtures.startApiServer();
    client = api.client();
    for (String node : List.of("node-a", "node-b")) {
      client.nodes().resource(Fixtures.node(node, true, 8)).create();
      Fixtures.createPowerNode(client, node, clock.instant(), "2-7");
    }
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  @AfterEach
  void stop() {
    reconcilers.close();
    api.close();
  }

  /** Sets a condition in the node's PowerNode status, as its agent does. */
  private void report(String node, String type, boolean status, String reason, String message) {
    Fixtures.editAgentStatus(
        client,
        node,
        s -> {
          List<Condition> conditions = new ArrayList<>(s.getConditions());
          conditions.removeIf(c -> type.equals(c.getType()));
          conditions.add(
              new ConditionBuilder()
                  .withType(type)
                  .withStatus(status ? "True" : "False")
                  .withReason(reason)
                  .withMessage(message)
                  .withLastTransitionTime(clock.instant().toString())
                  .build());
          s.setConditions(conditions);
        });
  }

  private CStates cstates(String name) {
    return client.resources(CStates.class).inNamespace(Fixtures.NAMESPACE).withName(name).get();
  }

  private Uncore uncore(String name) {
    return client.resources(Uncore.class).inNamespace(Fixtures.NAMESPACE).withName(name).get();
  }

  private static Condition applied(List<Condition> conditions) {
    return conditions.stream().filter(c -> "Applied".equals(c.getType())).findFirst().orElse(null);
  }

  @Test
  void aSelectorTargetedCStatesIsAppliedOnceEveryNodeItSelectsReportsIt() {
    // Given
    CStates fleet = new CStates();
    fleet.getMetadata().setName("low-latency");
    fleet.getMetadata().setNamespace(Fixtures.NAMESPACE);
    fleet.setSpec(new CStatesSpec());
    fleet.getSpec().setSharedPoolCStates(Map.of("C6", false));
    fleet
        .getSpec()
        .setNodeSelector(
            new LabelSelectorBuilder().addToMatchLabels(Fixtures.POWER_LABEL, "true").build());

    // When
    client.resource(fleet).create();

    // Then: both nodes, neither has reported
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              CStates c = cstates("low-latency");
              assertThat(c.getStatus()).isNotNull();
              assertThat(c.getStatus().getNodes()).containsExactly("node-a", "node-b");
              assertThat(applied(c.getStatus().getConditions()))
                  .satisfies(
                      a -> {
                        assertThat(a.getStatus()).isEqualTo("False");
                        assertThat(a.getReason()).isEqualTo("Pending");
                        assertThat(a.getMessage())
                            .isEqualTo("not yet reported by node node-a, node-b");
                      });
            });

    // When: node-a applies it, node-b cannot
    report(
        "node-a",
        CStatesStatuses.NODE_CONDITION,
        true,
        "Applied",
        "CStates low-latency and profile C-states applied on CPUs 2-7");
    report("node-b", CStatesStatuses.NODE_CONDITION, false, "NoCpuidle", "no cpuidle driver");

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(applied(cstates("low-latency").getStatus().getConditions()))
                    .satisfies(
                        a -> {
                          assertThat(a.getStatus()).isEqualTo("False");
                          assertThat(a.getReason()).isEqualTo("NotApplied");
                          assertThat(a.getMessage()).isEqualTo("node node-b: no cpuidle driver");
                        }));

    // When
    report(
        "node-b",
        CStatesStatuses.NODE_CONDITION,
        true,
        "Applied",
        "CStates low-latency and profile C-states applied on CPUs 2-7");

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(applied(cstates("low-latency").getStatus().getConditions()))
                    .satisfies(
                        a -> {
                          assertThat(a.getStatus()).isEqualTo("True");
                          assertThat(a.getMessage()).isEqualTo("applied on node node-a, node-b");
                        }));
  }

  @Test
  void anUncoreShowsEachNodesOutcomeAndANameTargetedOneWithoutItsNodeAppliesNowhere() {
    // Given: node-a clamps, node-b has no uncore driver
    report(
        "node-a",
        UncoreStatuses.NODE_CONDITION,
        true,
        "Clamped",
        "Uncore fleet: package_00_die_00: max 2600000 kHz is outside the domain's range");
    report(
        "node-b",
        UncoreStatuses.UNSUPPORTED_CONDITION,
        true,
        "NoUncoreDriver",
        "an Uncore selects this node but it has no intel_uncore_frequency directory");
    Uncore fleet = new Uncore();
    fleet.getMetadata().setName("fleet");
    fleet.getMetadata().setNamespace(Fixtures.NAMESPACE);
    fleet.setSpec(new UncoreSpec());
    fleet.getSpec().setNodeSelector(Map.of(Fixtures.POWER_LABEL, "true"));
    fleet.getSpec().setSysMax(2_600_000L);
    Uncore orphan = new Uncore();
    orphan.getMetadata().setName("node-z");
    orphan.getMetadata().setNamespace(Fixtures.NAMESPACE);
    orphan.setSpec(new UncoreSpec());
    orphan.getSpec().setSysMin(1_200_000L);

    // When
    client.resource(fleet).create();
    client.resource(orphan).create();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Uncore u = uncore("fleet");
              assertThat(u.getStatus()).isNotNull();
              assertThat(u.getStatus().getNodes()).containsExactly("node-a", "node-b");
              assertThat(u.getStatus().getOutcomes())
                  .extracting(UncoreNodeOutcome::getNode, UncoreNodeOutcome::getOutcome)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple("node-a", "Clamped"),
                      org.assertj.core.groups.Tuple.tuple("node-b", "Unsupported"));
              assertThat(applied(u.getStatus().getConditions()))
                  .satisfies(
                      a -> {
                        assertThat(a.getStatus()).isEqualTo("False");
                        assertThat(a.getReason()).isEqualTo("NotApplied");
                        assertThat(a.getMessage()).startsWith("node node-b: Unsupported: ");
                      });
              assertThat(u.getStatus().getErrors())
                  .singleElement()
                  .asString()
                  .startsWith("node node-b: an Uncore selects this node");
              Uncore z = uncore("node-z");
              assertThat(z.getStatus()).isNotNull();
              assertThat(z.getStatus().getNodes()).isEmpty();
              assertThat(applied(z.getStatus().getConditions()).getReason()).isEqualTo("NoNodes");
            });

    // When: an object named after node-a comes first by name there; node-b gets the driver back
    Uncore first = new Uncore();
    first.getMetadata().setName("a-node");
    first.getMetadata().setNamespace(Fixtures.NAMESPACE);
    first.setSpec(new UncoreSpec());
    first.getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", "node-a"));
    first.getSpec().setSysMin(1_000_000L);
    client.resource(first).create();
    report(
        "node-b",
        UncoreStatuses.UNSUPPORTED_CONDITION,
        false,
        "UncoreDriverPresent",
        "uncore domains found");
    report("node-b", UncoreStatuses.NODE_CONDITION, true, "Applied", "Uncore fleet holds on 1");

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(uncore("fleet").getStatus().getOutcomes())
                  .extracting(UncoreNodeOutcome::getNode, UncoreNodeOutcome::getOutcome)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple("node-a", "Superseded"),
                      org.assertj.core.groups.Tuple.tuple("node-b", "Applied"));
              assertThat(uncore("a-node").getStatus().getOutcomes())
                  .extracting(UncoreNodeOutcome::getOutcome)
                  .containsExactly("Pending");
            });
  }
}
