package io.powermanager.reconciler;

import static io.powermanager.reconciler.Fixtures.AGENT_IMAGE;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static io.powermanager.reconciler.Fixtures.POWER_LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.reconciler.config.AgentDaemonSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed README's walkthrough against the stand-in API server with real informers. */
class WalkthroughIT {

  private EmbeddedApiServer api;
  private KubernetesClient client;

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private Reconcilers reconcilers;

  @BeforeEach
  void startReconcilers() {
    api = Fixtures.startApiServer();
    client = api.client();
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    client.nodes().resource(Fixtures.node("node-b", false, 8)).create();
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  @AfterEach
  void stopReconcilers() {
    reconcilers.close();
    api.close();
  }

  @Test
  void seedConfigDeploysTheAgentAndAdvertisesPerformanceOnThePowerNode() {
    // Given
    client.resource(Fixtures.seedConfig()).create();
    await().untilAsserted(() -> assertThat(daemonSet()).isNotNull());

    // When: the agent starts on node-a and publishes its facts (6 allocatable CPUs)
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");

    // Then
    await()
        .untilAsserted(
            () -> {
              DaemonSet ds = daemonSet();
              assertThat(ds.getSpec().getTemplate().getSpec().getNodeSelector())
                  .containsExactly(Map.entry(POWER_LABEL, "true"));
              assertThat(ds.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                  .isEqualTo(AGENT_IMAGE);
              assertThat(ds.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getName()).isEqualTo("power-config"));

              PowerProfile base = profile("performance");
              assertThat(base.getSpec().getEpp()).isEqualTo("performance");
              assertThat(base.getSpec().getMax()).isNull();
              assertThat(base.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getKind()).isEqualTo("PowerConfig"));

              PowerProfile extended = profile("performance-node-a");
              assertThat(extended.getSpec().getMax()).isEqualTo(new IntOrString(3800));
              assertThat(extended.getSpec().getMin()).isEqualTo(new IntOrString(3600));
              assertThat(extended.getSpec().getEpp()).isEqualTo("performance");
              assertThat(extended.getMetadata().getLabels())
                  .containsEntry(PowerLabels.BASE_PROFILE, "performance")
                  .containsEntry(PowerLabels.NODE, "node-a");
              assertThat(extended.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      o -> {
                        assertThat(o.getKind()).isEqualTo("PowerNode");
                        assertThat(o.getName()).isEqualTo("node-a");
                      });

              Map<String, String> advertised =
                  Map.of(
                      "power.intel.com/performance", "2",
                      "power.intel.com/performance-node-a", "2");
              assertThat(Fixtures.powerResources(client, "node-a"))
                  .isEqualTo(Map.of("capacity", advertised, "allocatable", advertised));
              assertThat(Fixtures.powerResources(client, "node-b"))
                  .isEqualTo(Map.of("capacity", Map.of(), "allocatable", Map.of()));

              PowerConfig config = config();
              assertThat(config.getStatus().getNodes()).containsExactly("node-a");
              Condition ready = condition(config, "Ready");
              assertThat(ready.getStatus()).isEqualTo("True");
              assertThat(ready.getMessage()).contains("App QoS").contains(AGENT_IMAGE);
              assertThat(condition(config, "Degraded").getStatus()).isEqualTo("False");
            });
    assertThat(client.nodes().withName("node-a").get().getStatus().getCapacity())
        .containsKeys("cpu", "memory", "example.com/dongle");
  }

  private DaemonSet daemonSet() {
    return client.apps().daemonSets().inNamespace(NAMESPACE).withName(AgentDaemonSet.NAME).get();
  }

  private PowerProfile profile(String name) {
    PowerProfile p =
        client.resources(PowerProfile.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(p).as("profile %s", name).isNotNull();
    return p;
  }

  private PowerConfig config() {
    return client
        .resources(PowerConfig.class)
        .inNamespace(NAMESPACE)
        .withName("power-config")
        .get();
  }

  static Condition condition(PowerConfig config, String type) {
    assertThat(config.getStatus()).isNotNull();
    return config.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  static {
    org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }
}
