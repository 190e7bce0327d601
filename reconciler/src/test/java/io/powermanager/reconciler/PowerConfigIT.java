package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.condition;
import static io.powermanager.reconciler.Fixtures.AGENT_IMAGE;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.rules.ImageAllowList;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PowerConfig: its DaemonSet, its base profiles and its status (lifecycle: LifecycleIT). */
class PowerConfigIT {

  private EmbeddedApiServer api;
  private KubernetesClient client;

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private Reconcilers reconcilers;
  private Cluster cluster;

  @BeforeEach
  void startReconcilers() {
    api = Fixtures.startApiServer();
    client = api.client();
    cluster = new Cluster(client);
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers =
        Reconcilers.start(
            ReconcilerConfig.defaults(NAMESPACE, AGENT_IMAGE)
                .withAgent(
                    AgentSettings.DEFAULT.withAllowedImages(
                        ImageAllowList.of("mirror.example/power-manager"))),
            client,
            new PrometheusRegistry(),
            clock);
  }

  @AfterEach
  void stopReconcilers() {
    reconcilers.close();
    api.close();
  }

  @Test
  void daemonSetFollowsTheConfigAndRevertsForeignEdits() {
    // Given
    client.resource(Fixtures.seedConfig()).create();
    await().untilAsserted(() -> assertThat(cluster.daemonSet()).isPresent());

    // When: the user changes the selector and names an agent image of their own
    Fixtures.editConfig(
        client,
        c -> {
          c.getSpec().setPowerNodeSelector(Map.of("power", "yes"));
          c.getSpec().setPowerImage("mirror.example/power-manager:0.1.0");
        });

    // Then
    await()
        .untilAsserted(
            () -> {
              DaemonSet ds = cluster.daemonSet().orElseThrow(AssertionError::new);
              var pod = ds.getSpec().getTemplate().getSpec();
              assertThat(pod.getNodeSelector()).isEqualTo(Map.of("power", "yes"));
              assertThat(pod.getContainers().get(0).getImage())
                  .isEqualTo("mirror.example/power-manager:0.1.0");
              assertThat(
                      condition(cluster.config("power-config").orElseThrow(), "Ready").getMessage())
                  .contains("from spec.powerImage");
            });

    // When: someone edits the DaemonSet by hand
    DaemonSet edited =
        new DaemonSetBuilder(cluster.daemonSet().orElseThrow())
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(edited).update();

    // Then
    await()
        .untilAsserted(
            () -> assertThat(agentImage()).isEqualTo("mirror.example/power-manager:0.1.0"));
  }

  @Test
  void unlistedBaseProfileIsKeptWhileAPodUsesItAndRemovedOnceUnused() {
    // Given
    client
        .resource(Fixtures.config("power-config", List.of("performance", "balance-power")))
        .create();
    await().untilAsserted(() -> assertThat(cluster.profile("balance-power")).isPresent());
    client.pods().resource(Fixtures.podRequesting("shop", "web-1", "balance-power")).create();

    // When
    Fixtures.editConfig(client, c -> c.getSpec().setPowerProfiles(List.of("performance")));

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(degradedBecause("ProfilesInUse").getMessage())
                  .contains("balance-power")
                  .contains("pod shop/web-1");
            });
    assertThat(cluster.profile("balance-power")).isPresent();

    // When
    client.pods().inNamespace("shop").withName("web-1").delete();

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.profile("balance-power")).isEmpty();
              assertThat(
                      condition(cluster.config("power-config").orElseThrow(), "Degraded")
                          .getStatus())
                  .isEqualTo("False");
            });
    assertThat(cluster.profile("performance")).isPresent();
  }

  @Test
  void invalidEntriesMakeTheConfigNotReadyWhileTheValidOnesApply() {
    // When
    client
        .resource(Fixtures.config("power-config", List.of("performance", "turbo-boost")))
        .create();

    // Then
    await()
        .untilAsserted(
            () -> {
              Condition ready = condition(cluster.config("power-config").orElseThrow(), "Ready");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("InvalidSpec");
              assertThat(ready.getMessage())
                  .contains("spec.powerProfiles[1]")
                  .contains("\"turbo-boost\" is not a base profile");
              assertThat(ready.getObservedGeneration()).isNotNull();
              assertThat(Instant.parse(ready.getLastTransitionTime()))
                  .isBetween(Instant.parse("2026-11-29T10:00:00Z"), clock.instant());
              assertThat(cluster.profile("performance")).isPresent();
            });
  }

  @Test
  void extendedProfileNamesTooLongAreReportedNotCreated() {
    // Given
    String longName = "node-with-a-very-long-name-from-some-cloud-provider-0042";
    client.nodes().resource(Fixtures.node(longName, true, 8)).create();

    // When
    client.resource(Fixtures.config("power-config", List.of("performance"))).create();
    Fixtures.createPowerNode(client, longName, clock.instant(), "2-7");

    // Then
    await()
        .untilAsserted(
            () -> {
              assertThat(degradedBecause("ProfileNamesTooLong").getMessage())
                  .contains("performance-" + longName);
              List<Event> events = cluster.events(NAMESPACE);
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("ProfileNameTooLong");
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("PowerNode");
                      });
              assertThat(cluster.powerResources(longName))
                  .isEqualTo(Cluster.advertised(Map.of("power.intel.com/performance", "2")));
            });
    assertThat(cluster.profileNames()).containsExactly("performance");
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
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
        "spec.powerImage: \"evil/x:1\" is not allowed; allowed: mirror.example/power-manager,"
            + " registry.example/power-manager (any tag or digest)";
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
    assertThat(agentImage()).isEqualTo(AGENT_IMAGE);
  }

  /** The PowerConfig's Degraded condition, asserted true for {@code reason}. */
  private Condition degradedBecause(String reason) {
    Condition degraded = condition(cluster.config("power-config").orElseThrow(), "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo(reason);
    return degraded;
  }

  /** The image of the agent DaemonSet's container; an assertion error while there is none. */
  private String agentImage() {
    return cluster
        .daemonSet()
        .orElseThrow(AssertionError::new)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }
}
