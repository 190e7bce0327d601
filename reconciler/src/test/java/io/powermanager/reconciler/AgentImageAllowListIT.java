package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.condition;
import static io.powermanager.reconciler.Fixtures.AGENT_IMAGE;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PowerConfig stored around the webhook with an image outside the allow-list deploys nothing: a
 * False Ready condition and a Warning Event say why (#19.7).
 */
@EnableKubernetesMockClient(crud = true)
class AgentImageAllowListIT {

  KubernetesClient client;

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private Reconcilers reconcilers;
  private Cluster cluster;

  @BeforeEach
  void startReconcilers() {
    PowerResources.install(client);
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers =
        Reconcilers.start(
            ReconcilerConfig.defaults(NAMESPACE, AGENT_IMAGE),
            client,
            new PrometheusRegistry(),
            clock);
  }

  @AfterEach
  void stopReconcilers() {
    reconcilers.close();
  }

  @Test
  void refusesToDeployAnImageOutsideTheAllowList() {
    // Given: a PowerConfig the webhook never saw
    PowerConfig evil = Fixtures.seedConfig();
    evil.getSpec().setPowerImage("evil/x:1");

    // When
    client.resource(evil).create();

    // Then
    String denial =
        "spec.powerImage: \"evil/x:1\" is not allowed; allowed: registry.example/power-manager (any"
            + " tag or digest)";
    await()
        .untilAsserted(
            () -> {
              Condition ready = condition(cluster.config("power-config").orElseThrow(), "Ready");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getMessage()).contains(denial);
              assertThat(cluster.events(NAMESPACE))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("AgentImageNotAllowed");
                        assertThat(e.getMessage()).contains(denial);
                      });
            });
    assertThat(cluster.daemonSet()).isEmpty();
    assertThat(cluster.profile("performance")).isPresent(); // what is valid is applied
  }

  @Test
  void keepsTheRunningAgentWhenTheImageIsChangedToADisallowedOne() {
    // Given
    client.resource(Fixtures.seedConfig()).create();
    await().untilAsserted(() -> assertThat(cluster.daemonSet()).isPresent());

    // When
    Fixtures.editConfig(client, c -> c.getSpec().setPowerImage("evil/x:1"));

    // Then
    await()
        .untilAsserted(
            () ->
                assertThat(
                        condition(cluster.config("power-config").orElseThrow(), "Ready")
                            .getMessage())
                    .contains("\"evil/x:1\" is not allowed"));
    assertThat(
            cluster
                .daemonSet()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(AGENT_IMAGE);
  }
}
