package io.powermanager.extender.capacity;

import static io.powermanager.extender.Fixtures.POWER_NAMESPACE;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.extender.Fixtures;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The view follows cluster events through real fabric8 informers on the CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class CapacityInformersIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final CapacityView view = new CapacityView(Clock.systemUTC());
  private CapacityInformers informers;

  @BeforeEach
  void startInformers() {
    PowerResources.install(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(POWER_NAMESPACE)
                .endMetadata()
                .build())
        .createOr(op -> op.update());
    informers = CapacityInformers.start(view, client, POWER_NAMESPACE, new PrometheusRegistry());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(informers.hasSynced()).isTrue());
  }

  @AfterEach
  void stopInformers() {
    informers.close();
  }

  @Test
  void followsNodesAgentsAndPodsThroughTheirLifecycle() {
    // Given
    client.nodes().resource(nodeWithProfiles("node-a", "performance", 8)).create();
    createAgent("node-a");
    Pod pod =
        client.pods().inNamespace("default").resource(powerPod("web", "performance", 3)).create();

    // Then: the node and its agent are seen, the unbound pod counts for nothing
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              NodeState a = view.node("node-a");
              assertThat(a).isNotNull();
              assertThat(a.nodeKnown()).isTrue();
              assertThat(a.agentKnown()).isTrue();
              assertThat(a.heartbeat()).isPresent();
              assertThat(a.remaining("performance")).isEqualTo(8);
            });

    // When: the pod is bound
    client
        .pods()
        .inNamespace("default")
        .withName("web")
        .edit(p -> new PodBuilder(p).editSpec().withNodeName("node-a").endSpec().build());

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(view.node("node-a").remaining("performance")).isEqualTo(5));

    // When: the pod completes
    client
        .pods()
        .inNamespace("default")
        .withName("web")
        .editStatus(p -> new PodBuilder(p).editStatus().withPhase("Succeeded").endStatus().build());

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(view.node("node-a").remaining("performance")).isEqualTo(8));
    assertThat(pod.getMetadata().getName()).isEqualTo("web");
  }

  @Test
  void releasesADeletedPodAndForgetsADeletedAgent() {
    // Given
    client.nodes().resource(nodeWithProfiles("node-b", "performance", 4)).create();
    createAgent("node-b");
    client
        .pods()
        .inNamespace("default")
        .resource(Fixtures.boundTo(powerPod("batch", "performance", 4), "node-b"))
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(view.node("node-b")).isNotNull();
              assertThat(view.node("node-b").remaining("performance")).isZero();
              assertThat(view.node("node-b").agentKnown()).isTrue();
            });

    // When
    client.pods().inNamespace("default").withName("batch").delete();
    StorageVersion.resources(client, PowerNode.class, POWER_NAMESPACE).withName("node-b").delete();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(view.node("node-b").remaining("performance")).isEqualTo(4);
              assertThat(view.node("node-b").agentKnown()).isFalse();
            });
  }

  @Test
  void seesNewAllocatableWhenTheNodeStatusChanges() {
    // Given
    client.nodes().resource(nodeWithProfiles("node-c", "performance", 4)).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(view.node("node-c")).isNotNull());

    // When
    client
        .nodes()
        .withName("node-c")
        .editStatus(n -> nodeWithProfiles("node-c", "performance", 4, "balance-power", 2));

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(view.node("node-c").advertises("balance-power")).isTrue());
  }

  /**
   * As the agent does: create its PowerNode, then write the heartbeat through /status, at the
   * storage version v1 (the mock converts nothing).
   */
  private static void createAgent(String node) {
    PowerNode pn = new PowerNode();
    pn.getMetadata().setName(node);
    pn.getMetadata().setNamespace(POWER_NAMESPACE);
    pn.setSpec(new PowerNodeSpec());
    pn.getSpec().setNodeName(node);
    PowerNode created = StorageVersion.create(client, pn);
    created.setStatus(new PowerNodeStatus());
    created.getStatus().setHeartbeat(Instant.now().toString());
    StorageVersion.updateStatus(client, created);
  }
}
