package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Fixtures.AGENT_IMAGE;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes counted at the API server: conflicts are retried, a converged cluster writes nothing. */
class ConvergenceIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private EmbeddedApiServer server;
  private KubernetesClient client;
  private Cluster cluster;
  private Reconcilers reconcilers;
  private KubernetesClient ownClient;

  @BeforeEach
  void startServer() {
    server = Fixtures.startApiServer();
    client = server.client();
    cluster = new Cluster(client);
  }

  @AfterEach
  void stop() {
    if (reconcilers != null) {
      reconcilers.close();
      ownClient.close();
    }
    server.close();
  }

  @Test
  void convergedClusterWritesNothingOnAFullResync() {
    // Given: three power nodes (one with a silent agent), one other node, three base profiles,
    // a custom and a shared profile
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    client.nodes().resource(Fixtures.node("node-b", true, 16)).create();
    client.nodes().resource(Fixtures.node("node-c", true, 8)).create();
    client.nodes().resource(Fixtures.node("node-x", false, 8)).create();
    client
        .resource(
            Fixtures.config(
                "power-config", List.of("performance", "balance-performance", "balance-power")))
        .create();
    client
        .resource(Fixtures.profileWithCapacity("turbo", 3000, 3800, "performance", "50%"))
        .create();
    client.resource(Fixtures.profile("shared", 1000, 1500, "power")).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    Fixtures.createPowerNode(client, "node-b", clock.instant(), "2-15");
    Fixtures.createPowerNode(client, "node-c", clock.instant().minusSeconds(600), "2-7");
    start();
    await().untilAsserted(this::assertConverged);
    await().untilAsserted(() -> assertThat(reconcilers.pending()).isZero());
    server.requests().reset();
    double before = Metrics.sum(registry, "power_manager_reconciles");

    // When
    reconcilers.resyncNow();

    // Then: every key was reconciled again from the caches, and nothing was written or read
    int keys = 1 + 3 + 4; // the config; extended profiles of 3 power nodes; capacity of 4 nodes
    await()
        .untilAsserted(
            () ->
                assertThat(Metrics.sum(registry, "power_manager_reconciles"))
                    .isGreaterThanOrEqualTo(before + keys));
    await().untilAsserted(() -> assertThat(reconcilers.pending()).isZero());
    assertThat(server.requests().entries()).filteredOn(e -> e.isWrite()).isEmpty();
    assertThat(server.requests().entries())
        .filteredOn(e -> e.client().equals("reconcilers"))
        .isEmpty();
    assertConverged();
  }

  @Test
  void advertisesEachPowerNodeInOnePatchWhileTheBaseProfilesAreStillBeingCreated() {
    // Given: the config and two live power nodes exist before the reconcilers start, so the nodes
    // are reconciled while the config's three base profiles are being created
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    client.nodes().resource(Fixtures.node("node-b", true, 16)).create();
    client
        .resource(
            Fixtures.config(
                "power-config", List.of("performance", "balance-performance", "balance-power")))
        .create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    Fixtures.createPowerNode(client, "node-b", clock.instant(), "2-15");

    // When
    start();

    // Then: each node got its 3 base and 3 extended profiles in one write, not one per profile
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.powerResources("node-a").get("allocatable")).hasSize(6);
              assertThat(cluster.powerResources("node-b").get("allocatable")).hasSize(6);
            });
    await().untilAsserted(() -> assertThat(reconcilers.pending()).isZero());
    assertThat(server.requests().count("patch", "nodes/status")).isEqualTo(2);
  }

  @Test
  void conflictOnAStatusWriteIsRetried() {
    // Given
    server.faults().failNext("update", "powerconfigs/status", 409);
    server.faults().failNext("patch", "nodes/status", "node-a", 409);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    start();

    // When
    client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(server.faults().pending()).isZero();
              assertThat(cluster.config("power-config"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isNotNull(); // an NPE would end the await
                        assertThat(c.getStatus().getNodes()).containsExactly("node-a");
                      });
              assertThat(cluster.powerResources("node-a"))
                  .isEqualTo(
                      advertised(
                          Map.of(
                              "power.intel.com/performance", "2",
                              "power.intel.com/performance-node-a", "2")));
            });
    assertThat(server.requests().count("update", "powerconfigs/status")).isGreaterThanOrEqualTo(2);
    assertThat(server.requests().count("patch", "nodes/status")).isGreaterThanOrEqualTo(2);
  }

  private void assertConverged() {
    // each profile's status.nodes lists the nodes advertising it (written after a debounce)
    for (var profile :
        client
            .resources(io.powermanager.api.v1alpha1.PowerProfile.class)
            .inNamespace(NAMESPACE)
            .list()
            .getItems()) {
      String resource = "power.intel.com/" + profile.getMetadata().getName();
      List<String> offered =
          client.nodes().list().getItems().stream()
              .filter(
                  n ->
                      n.getStatus() != null
                          && n.getStatus().getAllocatable() != null
                          && n.getStatus().getAllocatable().containsKey(resource))
              .map(n -> n.getMetadata().getName())
              .sorted()
              .toList();
      List<String> listed =
          profile.getStatus() == null || profile.getStatus().getNodes() == null
              ? List.of()
              : profile.getStatus().getNodes();
      assertThat(listed).as("status.nodes of %s", resource).isEqualTo(offered);
    }
    assertThat(cluster.profileNames())
        .containsExactly(
            "balance-performance",
            "balance-performance-node-a",
            "balance-performance-node-b",
            "balance-performance-node-c",
            "balance-power",
            "balance-power-node-a",
            "balance-power-node-b",
            "balance-power-node-c",
            "performance",
            "performance-node-a",
            "performance-node-b",
            "performance-node-c",
            "shared",
            "turbo");
    assertThat(cluster.powerResources("node-b"))
        .isEqualTo(
            advertised(
                Map.of(
                    "power.intel.com/performance", "5",
                    "power.intel.com/performance-node-b", "5",
                    "power.intel.com/balance-performance", "8",
                    "power.intel.com/balance-performance-node-b", "8",
                    "power.intel.com/balance-power", "11",
                    "power.intel.com/balance-power-node-b", "11",
                    "power.intel.com/turbo", "7")));
    assertThat(cluster.powerResources("node-a").get("capacity")).hasSize(7);
    assertThat(cluster.powerResources("node-c")).isEqualTo(advertised(Map.of()));
    assertThat(cluster.powerResources("node-x")).isEqualTo(advertised(Map.of()));
    assertThat(cluster.config("power-config"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus().getNodes()).containsExactly("node-a", "node-b");
              assertThat(Cluster.condition(c, "Ready").getStatus()).isEqualTo("True");
            });
    assertThat(cluster.daemonSet()).isPresent();
  }

  private void start() {
    KubernetesClient own = server.newClient("reconcilers");
    reconcilers =
        Reconcilers.start(ReconcilerConfig.defaults(NAMESPACE, AGENT_IMAGE), own, registry, clock);
    ownClient = own;
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }
}
