package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Cluster.condition;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static io.powermanager.reconciler.Fixtures.PERFORMANCE_ON_NODE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.AgentStop;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.apiserver.EmbeddedApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who deletes what, on the stand-in API server with its garbage collector: children go with their
 * owners through ownerReferences alone, a duplicate PowerConfig is never deleted, and power
 * management switched off removes the PowerNodes once their agents have restored.
 */
class LifecycleIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private Cluster cluster;
  private Reconcilers reconcilers;

  @BeforeEach
  void startServerAndReconcilers() {
    api = Fixtures.startApiServer();
    client = api.client();
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  @AfterEach
  void stop() {
    reconcilers.close();
    api.close();
  }

  @Test
  void deletingThePowerConfigDeletesItsDaemonSetAndBaseProfilesThroughOwnerReferencesAlone() {
    // Given a converged cluster, and nothing but the garbage collector acting from now on
    PowerConfig config = converge();
    reconcilers.close();

    // When
    client.resource(config).delete();

    // Then: the PowerConfig's children are gone; the extended profile is the PowerNode's
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.daemonSet()).isEmpty();
              assertThat(cluster.profileNames()).containsExactly("performance-node-a");
            });
  }

  @Test
  void deletingANodeDeletesItsPowerNodeAndExtendedProfilesThroughOwnerReferencesAlone() {
    // Given a converged cluster, and nothing but the garbage collector acting from now on
    converge();
    reconcilers.close();

    // When
    client.nodes().withName("node-a").delete();

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerNode("node-a")).isEmpty();
              assertThat(cluster.profileNames()).containsExactly("performance");
            });
    assertThat(cluster.daemonSet()).isPresent();
  }

  @Test
  void powerManagementOffRemovesThePowerNodesOnceTheirAgentsHaveRestored() {
    // Given
    PowerConfig config = converge();

    // When: the PowerConfig is deleted, and its agents are still stopping
    client.resource(config).delete();

    // Then: everything made for it goes, the PowerNode stays while its agent restores
    await().untilAsserted(this::assertTornDown);
    assertThat(cluster.powerNode("node-a")).isPresent();

    // When: the agent reports that it stopped and restored every CPU
    agentStopped("node-a");

    // Then
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client.resources(PowerNode.class).inNamespace(NAMESPACE).list().getItems())
                    .isEmpty());
  }

  @Test
  void aSecondPowerConfigIsIgnoredWithAConditionAndAWarningEventAndNeverDeleted() {
    // Given
    PowerConfig first = client.resource(Fixtures.seedConfig()).create();
    await().untilAsserted(() -> assertThat(cluster.daemonSet()).isPresent());

    // When: the webhook was down and a second one got in (same second: the name breaks the tie)
    client.resource(Fixtures.config("second-config", List.of("balance-power"))).create();

    // Then
    await()
        .untilAsserted(
            () -> {
              Condition active = condition(cluster.config("second-config").orElseThrow(), "Active");
              assertThat(active.getStatus()).isEqualTo("False");
              assertThat(active.getReason()).isEqualTo("DuplicatePowerConfig");
              assertThat(active.getMessage()).contains("\"power-config\" is the active one");
              assertThat(cluster.events(NAMESPACE))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("DuplicatePowerConfig");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("second-config");
                      });
            });
    assertThat(condition(cluster.config("power-config").orElseThrow(), "Active").getStatus())
        .isEqualTo("True");
    assertThat(cluster.profile("balance-power")).isEmpty();

    // When: the active one is deleted
    client.resource(first).delete();

    // Then: the second one takes over
    await()
        .untilAsserted(
            () -> {
              assertThat(
                      condition(cluster.config("second-config").orElseThrow(), "Active")
                          .getStatus())
                  .isEqualTo("True");
              assertThat(cluster.profileNames()).containsExactly("balance-power");
              assertThat(cluster.daemonSet()).isPresent();
            });
  }

  @Test
  void configDeletedAndRecreatedTearsDownAndRebuildsEverything() {
    // Given
    PowerConfig config = converge();

    // When
    client.resource(config).delete();

    // Then
    await().untilAsserted(this::assertTornDown);

    // When
    client.resource(Fixtures.seedConfig()).create();

    // Then
    await().untilAsserted(this::assertConverged);
  }

  /** The seed config and node-a's PowerNode, reconciled to their final state. */
  private PowerConfig converge() {
    PowerConfig config = client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    await().untilAsserted(this::assertConverged);
    return config;
  }

  /** Everything made for a PowerConfig gone, and nothing advertised on node-a. */
  private void assertTornDown() {
    assertThat(cluster.daemonSet()).isEmpty();
    assertThat(cluster.profileNames()).isEmpty();
    assertThat(cluster.powerResources("node-a")).isEqualTo(advertised(Map.of()));
  }

  private void assertConverged() {
    assertThat(cluster.daemonSet()).isPresent();
    assertThat(cluster.profileNames()).containsExactly("performance", "performance-node-a");
    assertThat(cluster.powerResources("node-a")).isEqualTo(advertised(PERFORMANCE_ON_NODE_A));
  }

  /** What the agent writes on SIGTERM once every CPU is back to its snapshot. */
  private void agentStopped(String node) {
    Fixtures.editAgentStatus(
        client,
        node,
        s ->
            s.setConditions(
                List.of(
                    new ConditionBuilder()
                        .withType(AgentStop.CONDITION)
                        .withStatus("False")
                        .withReason(AgentStop.RESTORED)
                        .withMessage("the agent stopped and restored the CPUs it had tuned")
                        .withLastTransitionTime(clock.instant().toString())
                        .build())));
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }
}
