package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Fixtures.PERFORMANCE_ON_NODE_A;
import static io.powermanager.reconciler.Fixtures.POWER_LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.node.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node extended resources: advertised, re-asserted and withdrawn. */
class CapacityIT {

  private EmbeddedApiServer api;
  private KubernetesClient client;

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private Reconcilers reconcilers;
  private Cluster cluster;

  @BeforeEach
  void convergeOnePowerNode() {
    api = Fixtures.startApiServer();
    client = api.client();
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers = Fixtures.startReconcilers(client, clock);
    client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.powerResources("node-a"))
                    .isEqualTo(advertised(PERFORMANCE_ON_NODE_A)));
  }

  @AfterEach
  void stopReconcilers() {
    reconcilers.close();
    api.close();
  }

  @Test
  void staleHeartbeatWithdrawsCapacityAndAFreshOneRestoresIt() {
    // When: the agent falls silent for longer than the stale limit
    clock.advance(Heartbeat.STALE_AFTER.plusSeconds(1));

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerResources("node-a")).isEqualTo(advertised(Map.of()));
              assertThat(cluster.config("power-config"))
                  .hasValueSatisfying(c -> assertThat(c.getStatus().getNodes()).isEmpty());
            });

    // When: it beats again
    Fixtures.beat(client, "node-a", clock.instant());

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerResources("node-a"))
                  .isEqualTo(advertised(PERFORMANCE_ON_NODE_A));
              assertThat(cluster.config("power-config"))
                  .hasValueSatisfying(
                      c -> assertThat(c.getStatus().getNodes()).containsExactly("node-a"));
            });
    assertThat(cluster.profile("performance-node-a")).isPresent();
  }

  @Test
  void resourcesResetBySomeoneElseAreReasserted() {
    // When: the kubelet re-registers the node and rewrites its status without them
    client
        .nodes()
        .withName("node-a")
        .editStatus(
            n ->
                new NodeBuilder(n)
                    .editStatus()
                    .withCapacity(Map.of("cpu", new Quantity("8")))
                    .withAllocatable(Map.of("cpu", new Quantity("8")))
                    .endStatus()
                    .build());

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerResources("node-a"))
                  .isEqualTo(advertised(PERFORMANCE_ON_NODE_A));
              assertThat(client.nodes().withName("node-a").get().getStatus().getCapacity())
                  .containsKey("cpu");
            });
  }

  @Test
  void nodeLeavingTheSelectionLosesItsResourcesAndExtendedProfilesButKeepsOtherResources() {
    // When
    client
        .nodes()
        .withName("node-a")
        .edit(
            n ->
                new NodeBuilder(n)
                    .editMetadata()
                    .removeFromLabels(POWER_LABEL)
                    .endMetadata()
                    .build());

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerResources("node-a")).isEqualTo(advertised(Map.of()));
              assertThat(cluster.profile("performance-node-a")).isEmpty();
              assertThat(cluster.profile("performance")).isPresent();
            });
    assertThat(client.nodes().withName("node-a").get().getStatus().getCapacity())
        .containsEntry("example.com/dongle", new Quantity("4"))
        .containsEntry("cpu", new Quantity("8"));
  }

  @Test
  void customProfilesAreAdvertisedWithTheirCapacityAndSharedProfilesNever() {
    // When
    client
        .resource(Fixtures.profileWithCapacity("turbo", 3000, 3800, "performance", "100%"))
        .create();
    client.resource(Fixtures.profile("shared", 1000, 1500, "power")).create();

    // Then
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.powerResources("node-a"))
                    .isEqualTo(
                        advertised(
                            Map.of(
                                "power.intel.com/performance", "2",
                                "power.intel.com/performance-node-a", "2",
                                "power.intel.com/turbo", "6"))));
    assertThat(cluster.profileNames()).doesNotContain("turbo-node-a", "shared-node-a");
  }

  @Test
  void profileStatusListsTheNodesOfferingItAndDropsThemWhenWithdrawn() {
    // Given
    client.resource(Fixtures.profile("turbo", 3000, 3800, "performance")).create();

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(nodesOf("turbo")).containsExactly("node-a");
              assertThat(nodesOf("performance-node-a")).containsExactly("node-a");
            });

    // When: the agent falls silent and the node's resources are withdrawn
    clock.advance(Heartbeat.STALE_AFTER.plusSeconds(1));

    // Then
    await().untilAsserted(() -> assertThat(nodesOf("turbo")).isEmpty());
  }

  private List<String> nodesOf(String profile) {
    var p = cluster.profile(profile).orElseThrow();
    return p.getStatus() == null ? List.of() : p.getStatus().getNodes();
  }

  @Test
  void deletedProfileIsWithdrawn() {
    // Given
    client.resource(Fixtures.profile("turbo", 3000, 3800, "performance")).create();
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.powerResources("node-a").get("capacity"))
                    .containsKey("power.intel.com/turbo"));

    // When
    client.resource(cluster.profile("turbo").orElseThrow()).delete();

    // Then
    await()
        .untilAsserted(
            () ->
                assertThat(cluster.powerResources("node-a"))
                    .isEqualTo(advertised(PERFORMANCE_ON_NODE_A)));
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }
}
