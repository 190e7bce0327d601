package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code simulate --hardware hybrid} (CPUs 0-7 P-cores 800-4700 MHz base 2100, 8-15 E-cores
 * 800-3400 MHz base 1500; the kubelet reserves 0-1): percent and symbolic profile bounds resolve
 * per CPU on the emulated tree, so one profile means the same on both core types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HybridProfilesIT {

  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("hybrid-profiles-it");
    cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(
                1,
                HardwareModel.hybrid(),
                dir,
                Files.createTempDirectory(Path.of("/tmp"), "hyb-")));
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    apply(Examples.packaged().read(Examples.POWER_CONFIG));
    apply(profile("half", "\"50%\"", "\"100%\""));
    apply(profile("capped", "min", "base"));
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
  void percentBoundsPutEachCoreTypeAtItsOwnHalfToTopWindow() {
    // When: 12 CPUs, 2-7 P-cores and 8-13 E-cores (the agent's pod takes part of a CPU)
    tunedPod("half-pod", "half");

    // Then: P 800 + 3900/2 = 2750 rounded down to 2700; E 800 + 2600/2 = 2100
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(windows(2, 7)).containsOnly("2700000-4700000");
              assertThat(windows(8, 13)).containsOnly("2100000-3400000");
            });
    client.pods().inNamespace(NS).withName("half-pod").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(windows(2, 13)).containsOnlyElementsOf(boot(2, 13)));
  }

  @Test
  void maxBaseKeepsEachCoreTypeAtItsBase() {
    // When
    tunedPod("capped-pod", "capped");

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(windows(2, 7)).containsOnly("800000-2100000");
              assertThat(windows(8, 13)).containsOnly("800000-1500000");
            });
    client.pods().inNamespace(NS).withName("capped-pod").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(windows(2, 13)).containsOnlyElementsOf(boot(2, 13)));
  }

  private void apply(String yaml) {
    KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10));
  }

  private static String profile(String name, String min, String max) {
    return """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerProfile
        metadata:
          name: %s
          namespace: default
        spec:
          name: %s
          min: %s
          max: %s
          epp: performance
          cpuCapacity: "100%%"
        """
        .formatted(name, name, min, max);
  }

  /** A Guaranteed pod of 12 CPUs asking for {@code profile}, waited for until Running. */
  private void tunedPod(String name, String profile) {
    Map<String, Quantity> requests =
        Map.of(
            "cpu",
            new Quantity("12"),
            "memory",
            new Quantity("200Mi"),
            "power.intel.com/" + profile,
            new Quantity("12"));
    Pod pod =
        new PodBuilder()
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
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              if (client.pods().inNamespace(NS).withName(name).get() == null) {
                client.pods().inNamespace(NS).resource(pod).create();
              }
              assertThat(client.pods().inNamespace(NS).withName(name).get().getStatus().getPhase())
                  .isEqualTo("Running");
            });
  }

  /** Each CPU's {@code scaling_min_freq-scaling_max_freq} in kHz as sysfs reads back now. */
  private List<String> windows(int first, int last) {
    SimulatedNode n = cluster.node("node-1");
    return IntStream.rangeClosed(first, last)
        .mapToObj(cpu -> CpuReading.of(n.sysfs(), cpu))
        .map(r -> r.minKhz() + "-" + r.maxKhz())
        .toList();
  }

  private List<String> boot(int first, int last) {
    SimulatedNode n = cluster.node("node-1");
    return IntStream.rangeClosed(first, last)
        .mapToObj(cpu -> n.hardware().cpu(cpu))
        .map(c -> c.cpuinfoMinKhz() + "-" + c.cpuinfoMaxKhz())
        .distinct()
        .toList();
  }
}
