package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Fixtures.PERFORMANCE_ON_NODE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.EmbeddedApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same final state whatever order the objects arrive in. */
class OrderIndependenceIT {

  private EmbeddedApiServer api;
  private KubernetesClient client;

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private Reconcilers reconcilers;
  private Cluster cluster;

  @BeforeEach
  void installCrds() {
    api = Fixtures.startApiServer();
    client = api.client();
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
  }

  @AfterEach
  void stopReconcilers() {
    if (reconcilers != null) {
      reconcilers.close();
    }
    api.close();
  }

  @Test
  void everythingCreatedBeforeTheReconcilersStartConverges() {
    // Given
    client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");

    // When
    start();

    // Then
    await().untilAsserted(() -> assertConvergedWithPerformance(3800, 3600));
  }

  @Test
  void userProfileCreatedBeforeTheConfigIsUsedAsTheBaseAndKeptItsSpec() {
    // Given
    start();
    client.resource(Fixtures.profile("performance", null, 3000, "performance")).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");

    // When
    client.resource(Fixtures.seedConfig()).create();

    // Then
    await().untilAsserted(() -> assertConvergedWithPerformance(3000, 2800));
    PowerProfile base = cluster.profile("performance").orElseThrow();
    assertThat(base.getSpec().getMax()).isEqualTo(new IntOrString(3000));
    assertThat(base.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void powerNodeBeforeTheProfileIsListed() {
    // Given
    start();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    client.resource(Fixtures.config("power-config", List.of())).create();
    await().untilAsserted(() -> assertThat(cluster.daemonSet()).isPresent());

    // When
    Fixtures.editConfig(client, c -> c.getSpec().setPowerProfiles(List.of("performance")));

    // Then
    await().untilAsserted(() -> assertConvergedWithPerformance(3800, 3600));
  }

  @Test
  void nodeJoinsAfterTheConfigAndProfiles() {
    // Given
    start();
    client.resource(Fixtures.seedConfig()).create();
    await().untilAsserted(() -> assertThat(cluster.profile("performance")).isPresent());

    // When
    client.nodes().resource(Fixtures.node("node-c", true, 4)).create();
    Fixtures.createPowerNode(client, "node-c", clock.instant(), "0-3");

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.profile("performance-node-c")).isPresent();
              assertThat(cluster.powerResources("node-c"))
                  .isEqualTo(
                      advertised(
                          Map.of(
                              "power.intel.com/performance", "1",
                              "power.intel.com/performance-node-c", "1")));
            });
  }

  @Test
  void extendedProfileDeletedBySomeoneIsRecreated() {
    // Given
    start();
    client.resource(Fixtures.seedConfig()).create();
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");
    await().untilAsserted(() -> assertConvergedWithPerformance(3800, 3600));

    // When
    client.resource(cluster.profile("performance-node-a").orElseThrow()).delete();

    // Then
    await().untilAsserted(() -> assertConvergedWithPerformance(3800, 3600));
  }

  private void assertConvergedWithPerformance(int max, int min) {
    assertThat(cluster.daemonSet()).isPresent();
    PowerProfile extended =
        cluster
            .profile("performance-node-a")
            .orElseThrow(() -> new AssertionError("no profile performance-node-a"));
    assertThat(extended.getSpec().getMax()).isEqualTo(new IntOrString(max));
    assertThat(extended.getSpec().getMin()).isEqualTo(new IntOrString(min));
    assertThat(cluster.profileNames()).containsExactly("performance", "performance-node-a");
    assertThat(cluster.powerResources("node-a")).isEqualTo(advertised(PERFORMANCE_ON_NODE_A));
    assertThat(cluster.config("power-config"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).as("status of power-config").isNotNull();
              assertThat(c.getStatus().getNodes()).containsExactly("node-a");
            });
  }

  private void start() {
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }
}
