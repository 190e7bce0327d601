package io.powermanager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.AdmittedPod;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.kubelet.QosClass;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PowerConfig {@code customDevices} on a small node: a device plugin hands out CPUs (StarlingX's
 * {@code windriver.com/isolcpus}, which the emulated kubelet lists in {@code cpu_ids}); a
 * BestEffort pod asking 2 of them and {@code power.intel.com/performance: 2} is tuned on exactly
 * those CPUs and put back when it goes.
 */
class CustomDevicesIT {

  static final String NODE = "node1";
  static final String NS = "default";
  static final String ISOLCPUS = "windriver.com/isolcpus";

  @TempDir Path dir;

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private EmulatedKubelet kubelet;
  private EmulatedSysfs sysfs;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    conversion = ConversionEndpoint.start(dir.resolve("conversion-tls"));
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    client = api.client();
    PowerResources.install(client, conversion.caPem());
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
            .cpuDevice(ISOLCPUS)
            .build()
            .start();
    PowerConfig config = new PowerConfig();
    config.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("power-config")
            .withNamespace(NS)
            .build());
    PowerConfigSpec spec = new PowerConfigSpec();
    spec.setCustomDevices(List.of(ISOLCPUS));
    config.setSpec(spec);
    client.resources(PowerConfig.class).inNamespace(NS).resource(config).create();
    PowerProfile performance =
        TestPowerObjects.profile(NS, "fast", 3300, 3500, "performance", Map.of());
    client.resources(PowerProfile.class).inNamespace(NS).resource(performance).create();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    kubelet.close();
    api.close();
    conversion.close();
  }

  @Test
  void aBestEffortPodWithDeviceCpusIsTunedOnTheCpusTheKubeletGaveIt() throws Exception {
    // Given
    startAgent();

    // When
    Pod pod = runBestEffortPod("dev-pod", 2, "fast");
    AdmittedPod admitted = kubelet.pod(pod.getMetadata().getUid()).orElseThrow();

    // Then
    assertThat(admitted.qosClass()).isEqualTo(QosClass.BEST_EFFORT);
    assertThat(admitted.exclusiveCpus()).isEqualTo(CpuSet.of(1, 2));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(cpu(1)).isEqualTo("[powersave 3300000-3500000 performance]");
              assertThat(cpu(2)).isEqualTo("[powersave 3300000-3500000 performance]");
              assertThat(cpu(3)).isEqualTo("[powersave 800000-3500000 balance_performance]");
            });

    // When
    kubelet.remove(NS, pod.getMetadata().getName(), pod.getMetadata().getUid());
    client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();

    // Then
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cpu(1)).isEqualTo("[powersave 800000-3500000 balance_performance]"));
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
            SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists),
            podResources,
            new PrometheusRegistry(),
            Clock.systemUTC());
    open.add(agent::halt);
  }

  /** A pod with no cpu or memory at all: only the device and the profile. */
  private Pod runBestEffortPod(String name, int units, String profile) {
    Map<String, Quantity> resources =
        Map.of(
            ISOLCPUS,
            new Quantity(Integer.toString(units)),
            "power.intel.com/" + profile,
            new Quantity(Integer.toString(units)));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(NS)
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE)
            .addToContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withImage("ubuntu")
                    .withNewResources()
                    .withRequests(resources)
                    .withLimits(resources)
                    .endResources()
                    .build())
            .endSpec()
            .build();
    Pod created = client.pods().inNamespace(NS).resource(pod).create();
    kubelet.admit(created);
    created.getStatus().setPhase("Running");
    return client.pods().inNamespace(NS).resource(created).updateStatus();
  }

  private String cpu(int n) {
    return sysfs.cpu(n).toString().substring(("cpu" + n).length());
  }
}
