package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.domain.CpuSet;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.walkthrough.KubectlApply;
import io.powermanager.testkit.kubelet.AdmittedPod;
import io.powermanager.testkit.kubelet.QosClass;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code simulate} on {@code small} (800-3500 MHz, CPUs 0-1 reserved) with PowerConfig {@code
 * customDevices: [windriver.com/isolcpus]}, the device plugin resource the simulated kubelet hands
 * out as CPUs: a BestEffort pod asking 2 of them and {@code power.intel.com/performance: 2} goes
 * through the admission webhook and the scheduler extender, is bound and run, and the CPUs the
 * kubelet listed in its {@code cpu_ids} are tuned to the performance window, then put back at their
 * boot settings when the pod goes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceCpusIT {

  static final String NS = "default";
  static final String NODE = "node-1";
  static final Duration WAIT = Duration.ofSeconds(60);

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("device-cpus-it");
    cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(
                1, HardwareModel.small(), dir, Files.createTempDirectory(Path.of("/tmp"), "dev-")));
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    apply(
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerConfig
        metadata:
          name: power-config
          namespace: default
        spec:
          powerNodeSelector:
            feature.node.kubernetes.io/appqos-node: "true"
          powerProfiles:
          - performance
          customDevices:
          - %s
        """
            .formatted(SimulatedNode.CPU_DEVICE));
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aBestEffortPodWithDeviceCpusIsAdmittedScheduledAndTunedOnTheCpusTheKubeletGaveIt() {
    // Given
    awaitPerformanceOffered();

    // When
    Pod created = createRetrying(bestEffortDevicePod("dev-pod", 2));

    // Then: admitted (no denial), bound and running as BestEffort
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod pod = client.pods().inNamespace(NS).withName("dev-pod").get();
              assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
    AdmittedPod admitted = node().kubelet().pod(created.getMetadata().getUid()).orElseThrow();
    CpuSet cpus = admitted.exclusiveCpus();
    assertThat(admitted.qosClass()).isEqualTo(QosClass.BEST_EFFORT);
    assertThat(cpus.size()).isEqualTo(2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(windows(cpus)).containsOnly("3300000-3500000");
              assertThat(epps(cpus)).containsOnly("performance");
            });
    assertThat(windows(node().kubelet().allocatable().minus(cpus)))
        .doesNotContain("3300000-3500000");

    // When
    client.pods().inNamespace(NS).withName("dev-pod").delete();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(node().kubelet().pod(created.getMetadata().getUid())).isEmpty();
              assertThat(node().changedSinceBoot().intersects(cpus)).isFalse();
            });
  }

  private SimulatedNode node() {
    return cluster.node(NODE);
  }

  private void awaitPerformanceOffered() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .nodes()
                            .withName(NODE)
                            .get()
                            .getStatus()
                            .getAllocatable()
                            .get("power.intel.com/performance"))
                    .isNotNull());
  }

  private void apply(String yaml) {
    KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10));
  }

  /**
   * A pod whose one container asks {@code units} of the device and as many performance units, and
   * neither cpu nor memory: BestEffort.
   */
  private static Pod bestEffortDevicePod(String name, int units) {
    Map<String, Quantity> requests =
        Map.of(
            SimulatedNode.CPU_DEVICE,
            new Quantity(Integer.toString(units)),
            "power.intel.com/performance",
            new Quantity(Integer.toString(units)));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("ubuntu")
        .withNewResources()
        .withRequests(requests)
        .withLimits(requests)
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * Creates the pod through the API server (and so its admission webhooks); retried only while the
   * webhook's caches have not yet seen the PowerConfig, so a lasting denial fails the test.
   */
  private Pod createRetrying(Pod pod) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              if (client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get()
                  == null) {
                client.pods().inNamespace(NS).resource(pod).create();
              }
            });
    return client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
  }

  private List<String> windows(CpuSet cpus) {
    return cpus.stream()
        .mapToObj(cpu -> CpuReading.of(node().sysfs(), cpu))
        .map(r -> r.minKhz() + "-" + r.maxKhz())
        .toList();
  }

  private List<String> epps(CpuSet cpus) {
    return cpus.stream()
        .mapToObj(cpu -> CpuReading.of(node().sysfs(), cpu))
        .map(r -> r.epp().orElse("-"))
        .toList();
  }
}
