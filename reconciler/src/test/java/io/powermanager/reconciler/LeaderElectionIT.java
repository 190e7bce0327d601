package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Fixtures.AGENT_IMAGE;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.reconciler.election.LeaderElectionSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas on one Lease: one reconciles; when it goes, the other takes over. */
class LeaderElectionIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private EmbeddedApiServer server;
  private KubernetesClient client;
  private Cluster cluster;

  @BeforeEach
  void startServer() {
    server = Fixtures.startApiServer();
    client = server.client();
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    client.nodes().resource(Fixtures.node("node-b", true, 8)).create();
    client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
  }

  @AfterEach
  void stop() throws Exception {
    server.faults().healAll();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    server.close();
  }

  @Test
  void leaderClosedGracefullyHandsOverAtOnceAndTheClusterStillConverges() {
    // Given
    Reconcilers first = replica("replica-1", LeaderElectionSettings.enabled("replica-1-0001"));
    Reconcilers second = replica("replica-2", LeaderElectionSettings.enabled("replica-2-0002"));
    await().untilAsserted(() -> assertThat(first.isRunning() ^ second.isRunning()).isTrue());
    await().untilAsserted(() -> assertNodeAdvertised("node-a"));
    Reconcilers leader = first.isRunning() ? first : second;
    Reconcilers follower = leader == first ? second : first;

    // When
    leader.close();
    Fixtures.createPowerNode(client, "node-b", clock.instant(), "2-7");

    // Then: released on close, so the follower does not wait out the 15 s lease
    await()
        .atMost(Duration.ofSeconds(8))
        .untilAsserted(
            () -> {
              assertThat(follower.isRunning()).isTrue();
              assertNodeAdvertised("node-b");
            });
  }

  @Test
  void leaderThatCannotRenewStopsAndASuccessorTakesOverAfterTheLease() {
    // Given: short timings so the lease runs out quickly
    KubernetesClient lostClient = server.newClient("replica-1");
    closeables.add(lostClient);
    LeaderElectionSettings fast =
        LeaderElectionSettings.enabled("replica-1-0001")
            .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
    Reconcilers first = replica(lostClient, fast);
    await().untilAsserted(() -> assertThat(first.isRunning()).isTrue());
    Reconcilers second =
        replica(
            "replica-2",
            LeaderElectionSettings.enabled("replica-2-0002")
                .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)));
    await().untilAsserted(() -> assertNodeAdvertised("node-a"));

    // When: the leader is cut off from the API server (it can neither renew nor release)
    server.faults().partition("replica-1");
    Fixtures.createPowerNode(client, "node-b", clock.instant(), "2-7");

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(first.isRunning()).isFalse();
              assertThat(second.isRunning()).isTrue();
              assertNodeAdvertised("node-b");
            });
  }

  private void assertNodeAdvertised(String node) {
    assertThat(cluster.powerResources(node))
        .isEqualTo(
            advertised(
                Map.of(
                    "power.intel.com/performance",
                    "2",
                    "power.intel.com/performance-" + node,
                    "2")));
  }

  private Reconcilers replica(String name, LeaderElectionSettings election) {
    KubernetesClient own = server.newClient(name);
    closeables.add(own);
    return replica(own, election);
  }

  /**
   * A replica on informers of its own that outlive it: the fabric8 mock can block its event loop
   * for up to a minute when a watch closes while it is sending on it, so watches are closed only
   * when the test is over and the cluster is quiet.
   */
  private Reconcilers replica(KubernetesClient own, LeaderElectionSettings election) {
    ClusterInformers informers =
        ClusterInformers.cluster(
            own,
            NAMESPACE,
            new PrometheusRegistry(),
            new EventRecorder(e -> {}, clock, "test", "replica"));
    closeables.add(informers);
    Reconcilers r =
        Reconcilers.start(
            ReconcilerConfig.defaults(NAMESPACE, AGENT_IMAGE).withLeaderElection(election),
            own,
            informers,
            new PrometheusRegistry(),
            clock);
    closeables.add(r);
    return r;
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
  }
}
