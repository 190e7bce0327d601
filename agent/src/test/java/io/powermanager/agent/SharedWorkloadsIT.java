package io.powermanager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerResources;
import io.powermanager.api.convert.versions.VersionConversion;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared workloads as Intel v2.5 users write them (v1, converted to the v1alpha1 model the agents
 * read, as the API server does): one selecting several nodes tunes the Shared pool on each; {@code
 * reservedCPUs} keeps its CPUs out of the Shared pool, a listed CPU the kubelet gives to a pod is
 * that pod's while it has it; reserved CPUs with a profile run it. Three nodes, each its own
 * emulated sysfs (8 intel_pstate CPUs) and kubelet (CPU 0 reserved), one agent each.
 */
class SharedWorkloadsIT {

  static final String NS = "default";
  static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  static final String BOOT = "[powersave 800000-3500000 balance_performance]";
  static final String SHARED = "[powersave 1000000-1500000 power]";
  static final String PERFORMANCE = "[powersave 3300000-3500000 performance]";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private final Map<String, EmulatedSysfs> sysfs = new LinkedHashMap<>();
  private final Map<String, EmulatedKubelet> kubelets = new LinkedHashMap<>();
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
    for (String node : NODES) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .addToLabels("kubernetes.io/hostname", node)
                  .addToLabels("feature.node.kubernetes.io/appqos-node", "true")
                  .endMetadata()
                  .build())
          .create();
      sysfs.put(node, EmulatedSysfs.inMemory(HardwareModel.small()));
      kubelets.put(
          node,
          EmulatedKubelet.builder(
                  dir.resolve(node + "-kubelet.sock"), CpuSet.range(0, 7), CpuSet.of(0))
              .build()
              .start());
    }
    client
        .resources(PowerProfile.class)
        .inNamespace(NS)
        .resource(TestPowerObjects.profile(NS, "performance", null, null, "performance", Map.of()))
        .create();
    client
        .resources(PowerProfile.class)
        .inNamespace(NS)
        .resource(TestPowerObjects.profile(NS, "shared", 1000, 1500, "power", Map.of()))
        .create();
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    for (EmulatedKubelet k : kubelets.values()) {
      k.close();
    }
    api.close();
    conversion.close();
  }

  /** A v1 PowerWorkload as Intel v2.5 writes it, stored as the API server converts it. */
  private void v1Workload(String name, String selector, String reservedCpus) throws Exception {
    String v1 =
        """
        {"apiVersion":"power.intel.com/v1","kind":"PowerWorkload",
         "metadata":{"name":"%s","namespace":"%s"},
         "spec":{"name":"%s","allCores":true,"powerNodeSelector":%s,
                 "powerProfile":"shared"%s}}"""
            .formatted(
                name,
                NS,
                name,
                selector,
                reservedCpus == null ? "" : ",\"reservedCPUs\":" + reservedCpus);
    String v1alpha1 = VersionConversion.convert(JSON.readTree(v1), PowerApi.API_VERSION).toString();
    PowerWorkload w = client.getKubernetesSerialization().unmarshal(v1alpha1, PowerWorkload.class);
    client.resources(PowerWorkload.class).inNamespace(NS).resource(w).createOr(x -> x.update());
  }

  private void startAgent(String node) throws Exception {
    EmulatedKubelet kubelet = kubelets.get(node);
    KubeletPodResources podResources = KubeletPodResources.connect(kubelet.socket());
    open.add(podResources);
    KubernetesClient agentClient = AgentKubernetesClient.build(api.clientConfig());
    open.add(agentClient);
    EmulatedSysfs s = sysfs.get(node);
    AgentHandle agent =
        NodeAgent.start(
            AgentConfig.defaults(node, NS)
                .withStateDir(dir.resolve(node + "-state"))
                .withPodResourcesSocket(kubelet.socket())
                .withSysfsRoot(dir.resolve("unused-sys"))
                .withResyncInterval(Duration.ofSeconds(3))
                .withHeartbeatInterval(Duration.ofMinutes(10)),
            agentClient,
            SysfsPort.of(s::read, s::write, s::exists, s::list),
            podResources,
            new PrometheusRegistry(),
            Clock.systemUTC());
    open.add(agent::halt);
  }

  private String cpu(String node, int n) {
    return sysfs.get(node).cpu(n).toString().substring(("cpu" + n).length());
  }

  @Test
  void oneV1SharedWorkloadSelectingThreeNodesTunesAllThree() throws Exception {
    // Given: Intel's shared workload, selecting every appqos node (no shared- prefix, no node name)
    v1Workload(
        "shared-workload",
        "{\"feature.node.kubernetes.io/appqos-node\":\"true\"}",
        "[{\"cores\":[0]}]");

    // When
    for (String node : NODES) {
      startAgent(node);
    }

    // Then: every allocatable CPU of every node runs the shared profile; the kubelet's CPU 0 not
    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (String node : NODES) {
                for (int n = 1; n < 8; n++) {
                  assertThat(cpu(node, n)).as("%s cpu%d", node, n).isEqualTo(SHARED);
                }
                assertThat(cpu(node, 0)).as("%s cpu0", node).isEqualTo(BOOT);
              }
            });
  }

  @Test
  void intelsReservedCpusStayOutOfTheSharedPoolAndAListedCpuServesAPodWhileItHasIt()
      throws Exception {
    // Given: Intel's example, reservedCPUs [{cores: [0, 1]}], on a node whose kubelet reserves 0
    String node = "node-1";
    v1Workload("shared-workload", "{\"kubernetes.io/hostname\":\"node-1\"}", "[{\"cores\":[0,1]}]");

    // When
    startAgent(node);

    // Then: the shared profile on every other CPU; 0 and 1 as they were
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int n = 2; n < 8; n++) {
                assertThat(cpu(node, n)).as("cpu%d", n).isEqualTo(SHARED);
              }
              assertThat(cpu(node, 0)).isEqualTo(BOOT);
              assertThat(cpu(node, 1)).isEqualTo(BOOT);
            });

    // When: the kubelet gives listed CPU 1 (its lowest free one) to an exclusive pod
    Pod created =
        client
            .pods()
            .inNamespace(NS)
            .resource(TestPods.guaranteed(NS, "web", node, 1, "performance"))
            .create();
    kubelets.get(node).admit(created);
    created.getStatus().setPhase("Running");
    client.pods().inNamespace(NS).resource(created).updateStatus();

    // Then: CPU 1 runs the pod's profile
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(node, 1)).isEqualTo(PERFORMANCE));

    // When: the pod goes
    kubelets.get(node).remove(NS, "web", created.getMetadata().getUid());
    client.pods().inNamespace(NS).withName("web").delete();

    // Then: CPU 1 is back as it was (Default), not Shared
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(node, 1)).isEqualTo(BOOT));
    assertThat(cpu(node, 2)).isEqualTo(SHARED);
  }

  @Test
  void reservedCpusWithAProfileRunIt() throws Exception {
    // Given: the kubelet's reserved CPU 0 with profile performance (v1 reservedCPUs[].powerProfile)
    String node = "node-2";
    v1Workload(
        "shared-workload",
        "{\"kubernetes.io/hostname\":\"node-2\"}",
        "[{\"cores\":[0],\"powerProfile\":\"performance\"}]");

    // When
    startAgent(node);

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu(node, 0)).isEqualTo(PERFORMANCE);
              for (int n = 1; n < 8; n++) {
                assertThat(cpu(node, n)).as("cpu%d", n).isEqualTo(SHARED);
              }
            });
  }
}
