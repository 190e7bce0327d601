package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog over real informers against the fabric8 CRUD mock with the CRDs installed. One mock
 * and one set of informers serve the class, started before any object exists, so every test also
 * shows that the catalog follows watch events. (The fabric8 8 mock, on Vert.x 5, stops answering
 * writes once watches were closed, so informers are not restarted per test.) Tests use names of
 * their own.
 */
@EnableKubernetesMockClient(crud = true)
class InformerPowerCatalogIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static ClusterInformers caches;
  private static InformerPowerCatalog catalog;

  @BeforeAll
  static void startCatalog() {
    PowerResources.install(client);
    caches =
        ClusterInformers.cluster(
            client,
            POWER_NS,
            new PrometheusRegistry(),
            new EventRecorder(e -> {}, Clock.systemUTC(), "test", "test"));
    catalog = new InformerPowerCatalog(caches, POWER_NS);
    caches.start();
    eventually(() -> assertThat(caches.hasSynced()).isTrue());
  }

  @AfterAll
  static void stopCatalog() {
    caches.close();
  }

  @Test
  void findsValidProfilesOfThePowerNamespaceOnlyAndFollowsTheirChanges() {
    // Given
    StorageVersion.create(client, Fixtures.profile("fast", 2000, 3000, "performance"));
    StorageVersion.create(client, Fixtures.profile("broken", 3000, 2000, "performance"));
    StorageVersion.create(
        client, Fixtures.profile("default", "elsewhere", 2000, 3000, "performance"));
    eventually(
        () ->
            assertThat(catalog.profile("fast"))
                .hasValueSatisfying(p -> assertThat(p.max()).contains(FrequencyBound.mhz(3000))));

    // When
    PowerProfile fast = StorageVersion.get(client, PowerProfile.class, POWER_NS, "fast");
    fast.getSpec().setMax(new IntOrString(3500));
    StorageVersion.update(client, fast);

    // Then
    eventually(
        () ->
            assertThat(catalog.profile("fast"))
                .hasValueSatisfying(p -> assertThat(p.max()).contains(FrequencyBound.mhz(3500))));
    assertThat(catalog.profile("broken")).isEmpty();
    assertThat(catalog.profile("elsewhere")).isEmpty();
    assertThat(catalog.profile("missing")).isEmpty();
  }

  @Test
  void matchesNodesBySelectorAndFindsTheSharedWorkloadOfANode() {
    // Given
    node("node-1", Map.of("kubernetes.io/hostname", "node-1", "pool", "blue"));
    node("node-2", Map.of("kubernetes.io/hostname", "node-2", "pool", "blue"));
    node("node-3", Map.of("kubernetes.io/hostname", "node-3"));

    // When
    StorageVersion.create(
        client,
        Fixtures.workload(
            "shared-node-2-workload", true, Map.of("kubernetes.io/hostname", "node-2"), "shared"));

    // Then
    eventually(
        () ->
            assertThat(catalog.sharedWorkloadOn("node-2", "other"))
                .contains("shared-node-2-workload"));
    assertThat(catalog.nodesMatching(Map.of("pool", "blue"))).containsExactly("node-1", "node-2");
    assertThat(catalog.nodesMatching(Map.of())).contains("node-1", "node-2", "node-3");
    assertThat(catalog.sharedWorkloadOn("node-2", "shared-node-2-workload")).isEmpty();
    assertThat(catalog.sharedWorkloadOn("node-1", "other")).isEmpty();
  }

  @Test
  void findsAnotherPowerConfigOfThePowerNamespace() {
    // When
    StorageVersion.create(client, Fixtures.config("default", "misplaced", "performance"));
    StorageVersion.create(client, Fixtures.config(POWER_NS, "power-config", "performance"));

    // Then
    eventually(() -> assertThat(catalog.powerConfigOtherThan("second")).contains("power-config"));
    assertThat(catalog.powerConfigOtherThan("power-config")).isEmpty();
  }

  @Test
  void namesRunningPodsAndWorkloadsThatUseAProfileOrItsExtendedProfiles() {
    // Given
    PowerProfile extended = Fixtures.profile("turbo-node-1", 3000, 3700, "performance");
    extended.getMetadata().setLabels(Map.of(PowerLabels.BASE_PROFILE, "turbo"));
    StorageVersion.create(client, extended);
    powerPod("default", "web-1", "turbo", null);
    powerPod("team-a", "db-0", "turbo-node-1", null);
    powerPod("default", "done", "turbo", "Succeeded");
    powerPod("default", "other", "eco", null);

    // When
    StorageVersion.create(
        client, Fixtures.workload("turbo-node-1-workload", false, Map.of(), "turbo-node-1"));

    // Then
    eventually(
        () ->
            assertThat(catalog.usersOf("turbo"))
                .containsExactly(
                    "pod default/web-1", "pod team-a/db-0", "PowerWorkload turbo-node-1-workload"));
    assertThat(catalog.usersOf("eco")).containsExactly("pod default/other");
    assertThat(catalog.usersOf("unused")).isEmpty();
  }

  @Test
  void recomputesTheHardwareBoundsWhenAPowerNodeChanges() {
    // Given
    powerNode("power-node-1", 3800);
    eventually(() -> assertThat(catalog.powerNodeMaxima()).containsExactly(Frequency.ofMhz(3800)));

    // When
    powerNode("power-node-2", 4200);

    // Then
    eventually(
        () ->
            assertThat(catalog.powerNodeMaxima())
                .containsExactly(Frequency.ofMhz(3800), Frequency.ofMhz(4200)));
    assertThat(catalog.powerNodeMinima()).containsExactly(Frequency.ofMhz(800));
  }

  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(assertion);
  }

  private static void node(String name, Map<String, String> labels) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static void powerPod(String namespace, String name, String profile, String phase) {
    Pod pod = Fixtures.pod(namespace, name, Fixtures.container("app", "1", "1Gi", profile, "1"));
    pod.getMetadata().setLabels(Map.of(PowerLabels.PROFILE, profile));
    if (phase != null) {
      pod.setStatus(new PodStatusBuilder().withPhase(phase).build());
    }
    client.resource(pod).create();
  }

  private static void powerNode(String name, int maxMhz) {
    PowerNode node = StorageVersion.create(client, Fixtures.powerNode(POWER_NS, name));
    CoreType core = new CoreType();
    core.setCpus("0-7");
    core.setCpuinfoMinMHz(800);
    core.setCpuinfoMaxMHz(maxMhz);
    NodeHardware hardware = new NodeHardware();
    hardware.setCoreTypes(List.of(core));
    PowerNodeStatus status = new PowerNodeStatus();
    status.setHardware(hardware);
    node.setStatus(status);
    StorageVersion.updateStatus(client, node);
  }
}
