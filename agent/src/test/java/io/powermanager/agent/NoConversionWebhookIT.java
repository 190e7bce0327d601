package io.powermanager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent needs no conversion webhook: the stand-in converts as kube-apiserver does, but the
 * CRDs' conversion Service answers nowhere (no manager runs), so every v1alpha1 request about an
 * existing object fails — and the agent, which reads and writes v1, tunes its node, creates its
 * PowerNode and writes its status and the shared workload's all the same.
 */
class NoConversionWebhookIT {

  static final String NS = "default";
  static final String NODE = "node-1";
  static final String BOOT = "[powersave 800000-3500000 balance_performance]";
  static final String SHARED = "[powersave 1000000-1500000 power]";

  @TempDir Path dir;

  private EmbeddedApiServer api;
  private KubernetesClient client;
  private EmulatedSysfs sysfs;
  private EmulatedKubelet kubelet;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startCluster() throws Exception {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults().withCrdConversion(true));
    client = api.client();
    PowerResources.install(client); // the chart's CRDs: clientConfig.service, unreachable here
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .addToLabels("kubernetes.io/hostname", NODE)
                .endMetadata()
                .build())
        .create();
    sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    kubelet =
        EmulatedKubelet.builder(dir.resolve("kubelet.sock"), CpuSet.range(0, 7), CpuSet.of(0))
            .build()
            .start();
    // what a v1 client (Intel's manifests, kubectl) writes
    v1(
        "PowerProfile",
        "shared",
        Map.of("name", "shared", "min", 1000, "max", 1500, "epp", "power", "shared", true));
    v1(
        "PowerWorkload",
        "shared-node-1",
        Map.of(
            "name",
            "shared-node-1",
            "allCores",
            true,
            "powerNodeSelector",
            Map.of("kubernetes.io/hostname", NODE),
            "powerProfile",
            "shared"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    kubelet.close();
    api.close();
  }

  @Test
  void theAgentTunesAndReportsWhileTheConversionWebhookIsUnreachable() throws Exception {
    // Given no conversion webhook answers a v1alpha1 client
    assertThatThrownBy(
            () ->
                client
                    .resources(PowerWorkload.class)
                    .inNamespace(NS)
                    .withName("shared-node-1")
                    .get())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "conversion webhook for power.intel.com/v1, Kind=PowerWorkload failed");

    // When
    startAgent();

    // Then the Shared pool runs the shared profile, the kubelet's CPU 0 stays at boot values
    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int n = 1; n < 8; n++) {
                assertThat(cpu(n)).as("cpu%d", n).isEqualTo(SHARED);
              }
              assertThat(cpu(0)).isEqualTo(BOOT);
            });
    // and the PowerNode and the workload's status are written (at v1)
    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              PowerNode pn = StorageVersion.get(client, PowerNode.class, NS, NODE);
              assertThat(pn).isNotNull();
              assertThat(pn.getStatus().getHeartbeat()).isNotBlank();
              assertThat(pn.getStatus().getSharedPools()).isNotEmpty();
              PowerWorkload w =
                  StorageVersion.get(client, PowerWorkload.class, NS, "shared-node-1");
              assertThat(w.getStatus()).isNotNull();
            });
  }

  private void v1(String kind, String name, Map<String, Object> spec) {
    Map<String, Object> object =
        Map.of(
            "apiVersion",
            "power.intel.com/v1",
            "kind",
            kind,
            "metadata",
            Map.of("name", name, "namespace", NS),
            "spec",
            spec);
    client
        .genericKubernetesResources("power.intel.com/v1", kind)
        .inNamespace(NS)
        .resource(
            client
                .getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class))
        .create();
  }

  private void startAgent() throws Exception {
    KubeletPodResources podResources = KubeletPodResources.connect(kubelet.socket());
    open.add(podResources);
    KubernetesClient agentClient = AgentKubernetesClient.build(api.clientConfig());
    open.add(agentClient);
    AgentHandle agent =
        NodeAgent.start(
            AgentConfig.defaults(NODE, NS)
                .withStateDir(dir.resolve("state"))
                .withPodResourcesSocket(kubelet.socket())
                .withSysfsRoot(dir.resolve("unused-sys"))
                .withResyncInterval(Duration.ofSeconds(3))
                .withHeartbeatInterval(Duration.ofMinutes(10)),
            agentClient,
            SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list),
            podResources,
            new PrometheusRegistry(),
            Clock.systemUTC());
    open.add(agent::halt);
  }

  private String cpu(int n) {
    return sysfs.cpu(n).toString().substring(("cpu" + n).length());
  }
}
