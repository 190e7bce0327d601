package io.powermanager.agent.uncore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreState;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent of {@code node-1} (the default simulation's {@code small} node: one uncore domain
 * 800000-2400000 kHz) against the embedded API server, with Intel v2.5's Uncore example applied at
 * {@code power.intel.com/v1} as it is.
 */
class UncoreAgentIT {

  static final String NODE = "node-1";
  static final String NS = "default";
  static final String DIR = "intel_uncore_frequency/package_00_die_00/";

  @TempDir Path dir;

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private EmulatedKubelet kubelet;
  private EmulatedSysfs sysfs;
  private PrometheusRegistry registry;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startCluster() throws Exception {
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
            .build()
            .start();
    registry = new PrometheusRegistry();
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    kubelet.close();
    api.close();
    conversion.close();
  }

  private AgentHandle startAgent() throws Exception {
    AgentConfig config =
        AgentConfig.defaults(NODE, NS)
            .withStateDir(dir.resolve("state"))
            .withPodResourcesSocket(kubelet.socket())
            .withSysfsRoot(dir.resolve("unused-sys"))
            .withResyncInterval(Duration.ofSeconds(3))
            .withHeartbeatInterval(Duration.ofMinutes(10));
    KubeletPodResources podResources = KubeletPodResources.connect(kubelet.socket());
    open.add(podResources);
    KubernetesClient agentClient = AgentKubernetesClient.build(api.clientConfig());
    open.add(agentClient);
    AgentHandle agent =
        NodeAgent.start(
            config,
            agentClient,
            SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list),
            podResources,
            registry,
            Clock.systemUTC());
    open.add(agent::halt);
    return agent;
  }

  /**
   * Intel's examples/example-uncore.yaml with the node's name. It is written at {@code
   * power.intel.com/v1}; the CRD serves v1 with the v1alpha1 schema and conversion None
   * (UncoreCrdTest), so a real API server shows it at v1alpha1 too. The stand-in API server stores
   * each version apart, so the example goes in at v1alpha1 here, unchanged otherwise.
   */
  private void applyIntelsExample() throws Exception {
    String yaml =
        Files.readString(Path.of("..", "examples", "example-uncore.yaml"))
            .replace("name: example-node", "name: " + NODE);
    assertThat(yaml).contains("apiVersion: power.intel.com/v1\n");
    client
        .resource(yaml.replace("power.intel.com/v1\n", "power.intel.com/v1alpha1\n"))
        .inNamespace(NS)
        .create();
  }

  private String window() {
    return sysfs.uncore(0, 0).minKhz() + "/" + sysfs.uncore(0, 0).maxKhz();
  }

  private List<UncoreState> statusUncore() {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(NS).withName(NODE).get();
    PowerNodeStatus status = pn == null ? null : pn.getStatus();
    return status == null ? List.of() : status.getUncore();
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void intelsExampleRunsTheDieAtItsSelectorsWindowAndReportsIt() throws Exception {
    // Given
    startAgent();

    // When
    applyIntelsExample();

    // Then
    await().atMost(10, TimeUnit.SECONDS).until(() -> window().equals("1500000/2400000"));
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(statusUncore())
                    .singleElement()
                    .satisfies(
                        s -> {
                          assertThat(s.getDomain()).isEqualTo("package_00_die_00");
                          assertThat(s.getMinKHz()).isEqualTo(1_500_000L);
                          assertThat(s.getMaxKHz()).isEqualTo(2_400_000L);
                          assertThat(s.getOriginalMinKHz()).isEqualTo(800_000L);
                        }));
    assertThat(metrics())
        .contains(
            UncoreMetrics.NAME + "{bound=\"min\",domain=\"package_00_die_00\"} 1500000",
            UncoreMetrics.NAME + "{bound=\"max\",domain=\"package_00_die_00\"} 2400000");
  }

  @Test
  void systemBoundsAloneThenDeletionThenStopBringTheBootValuesBack() throws Exception {
    // Given
    AgentHandle agent = startAgent();
    Uncore uncore = new Uncore();
    uncore.getMetadata().setName(NODE);
    uncore.getMetadata().setNamespace(NS);
    uncore.setSpec(new io.powermanager.api.v1alpha1.UncoreSpec());
    uncore.getSpec().setSysMin(1_300_000L);
    uncore.getSpec().setSysMax(2_300_000L);

    // When
    client.resource(uncore).create();

    // Then
    await().atMost(10, TimeUnit.SECONDS).until(() -> window().equals("1300000/2300000"));

    // When: deleted
    client.resources(Uncore.class).inNamespace(NS).withName(NODE).delete();

    // Then
    await().atMost(10, TimeUnit.SECONDS).until(() -> window().equals("800000/2400000"));

    // When: applied again, then SIGTERM
    uncore.getMetadata().setResourceVersion(null);
    client.resource(uncore).create();
    await().atMost(10, TimeUnit.SECONDS).until(() -> window().equals("1300000/2300000"));
    agent.close();

    // Then
    assertThat(window()).isEqualTo("800000/2400000");
    assertThat(agent.restored().orElseThrow().complete()).isTrue();
  }

  @Test
  void aConvergedResyncWritesNoFile() throws Exception {
    // Given
    AgentHandle agent = startAgent();
    applyIntelsExample();
    await().atMost(10, TimeUnit.SECONDS).until(() -> window().equals("1500000/2400000"));
    agent.recompute().get(10, TimeUnit.SECONDS);
    sysfs.resetWriteCounts();

    // When
    var result = agent.recompute().get(10, TimeUnit.SECONDS);

    // Then
    assertThat(result.outcome().plan().writes()).isEmpty();
    assertThat(sysfs.writeCount()).isZero();
  }
}
