package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.api.v1alpha1.NodeSettingsOutcome;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsStatus;
import io.powermanager.domain.CpuSet;
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
 * {@code simulate} on {@code small} (800-3500 MHz, base 2100, CPUs 0-1 reserved): a
 * PowerNodeSettings with {@code turbo: Disabled} switches {@code no_turbo} on, the performance
 * extended profile is re-derived to at most base and an explicit 3300-3500 profile is clamped with
 * an Event; deleting it puts {@code no_turbo} and every window back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TurboSettingsIT {

  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("turbo-settings-it");
    cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(
                1, HardwareModel.small(), dir, Files.createTempDirectory(Path.of("/tmp"), "tur-")));
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    apply(Examples.packaged().read(Examples.POWER_CONFIG));
    apply(
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerProfile
        metadata:
          name: fast
          namespace: default
        spec:
          name: fast
          min: 3300
          max: 3500
          epp: balance_power
        """);
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
  void turboDisabledCapsWindowsAtBaseAndDeletingPutsEverythingBack() throws Exception {
    // Given: two CPUs on the performance extended profile, two on the explicit one
    tunedPod("perf-pod", "performance", 2);
    tunedPod("fast-pod", "fast", 2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(windows("performance")).hasSize(2).containsOnly("3300000-3500000");
              assertThat(windows("balance_power")).hasSize(2).containsOnly("3300000-3500000");
            });
    List<String> before = allWindows();
    assertThat(node().sysfs().read("intel_pstate/no_turbo")).isEqualTo("0\n");

    // When
    apply(
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerNodeSettings
        metadata:
          name: no-turbo
          namespace: default
        spec:
          nodeSelector:
            matchLabels:
              kubernetes.io/hostname: node-1
          turbo: Disabled
        """);

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(node().sysfs().read("intel_pstate/no_turbo")).isEqualTo("1\n");
              assertThat(windows("performance")).hasSize(2).containsOnly("1900000-2100000");
              assertThat(windows("balance_power")).hasSize(2).containsOnly("2100000-2100000");
              assertThat(clampedEvents()).isNotEmpty();
            });
    assertThat(clampedEvents().get(0))
        .contains("power profile \"fast\" window 3300-3500 MHz is clamped to 2100-2100 MHz");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              PowerNodeSettingsStatus status = settings("no-turbo").getStatus();
              assertThat(status).isNotNull();
              assertThat(status.getNodes()).containsExactly("node-1");
              assertThat(status.getOutcomes())
                  .singleElement()
                  .satisfies(
                      o -> {
                        assertThat(o.getNode()).isEqualTo("node-1");
                        assertThat(o.getOutcome()).isEqualTo(NodeSettingsOutcome.CLAMPED);
                        assertThat(o.getTurbo()).isEqualTo("Off");
                        assertThat(o.getMessage())
                            .startsWith("PowerNodeSettings no-turbo: turbo off; cpus ")
                            .contains("clamped: power profile \"fast\" window 3300-3500 MHz");
                      });
              assertThat(status.getConditions())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getType()).isEqualTo(PowerNodeSettings.APPLIED);
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("Applied");
                        assertThat(c.getMessage()).isEqualTo("applied on node node-1");
                      });
            });

    // When
    client.resources(PowerNodeSettings.class).inNamespace(NS).withName("no-turbo").delete();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(node().sysfs().read("intel_pstate/no_turbo")).isEqualTo("0\n");
              assertThat(allWindows()).isEqualTo(before);
            });
    deletePods("perf-pod", "fast-pod");
  }

  /** Deletes the pods and waits until the kubelet has freed their CPUs. */
  private void deletePods(String... names) {
    for (String name : names) {
      client.pods().inNamespace(NS).withName(name).delete();
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(node().kubelet().pods())
                    .noneMatch(p -> java.util.Arrays.asList(names).contains(p.name())));
  }

  @Test
  void cpusFirstTunedWhileTurboIsOffGoBackToTheirBootSettings() throws Exception {
    // Given: turbo off before any pod of this test holds a CPU
    apply(
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerNodeSettings
        metadata:
          name: turbo-off-first
          namespace: default
        spec:
          nodeSelector:
            matchLabels:
              kubernetes.io/hostname: node-1
          turbo: Disabled
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(node().sysfs().read("intel_pstate/no_turbo")).isEqualTo("1\n"));
    tunedPod("late-pod", "performance", 2);
    String uid = client.pods().inNamespace(NS).withName("late-pod").get().getMetadata().getUid();
    CpuSet cpus = node().kubelet().pod(uid).orElseThrow().exclusiveCpus();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cpus.stream().mapToObj(c -> CpuReading.of(node().sysfs(), c).maxKhz()))
                    .containsOnly(2_100_000L));

    // When
    client.pods().inNamespace(NS).withName("late-pod").delete();
    client.resources(PowerNodeSettings.class).inNamespace(NS).withName("turbo-off-first").delete();

    // Then: every CPU the pod held has its boot window back, scaling_max_freq included
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(node().sysfs().read("intel_pstate/no_turbo")).isEqualTo("0\n");
              for (int cpu : cpus) {
                assertThat(CpuReading.of(node().sysfs(), cpu).describe())
                    .as("cpu %d", cpu)
                    .isEqualTo(node().bootSettings().get(cpu).describe());
              }
            });
  }

  private PowerNodeSettings settings(String name) {
    return client.resources(PowerNodeSettings.class).inNamespace(NS).withName(name).get();
  }

  private SimulatedNode node() {
    return cluster.node("node-1");
  }

  private List<String> clampedEvents() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Clamped".equals(e.getReason()))
        .filter(e -> "fast-pod".equals(e.getInvolvedObject().getName()))
        .map(e -> e.getMessage())
        .toList();
  }

  private void apply(String yaml) {
    KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10));
  }

  /** A Guaranteed pod of {@code cpus} CPUs asking for {@code profile}, waited for until Running. */
  private void tunedPod(String name, String profile, int cpus) {
    Map<String, Quantity> requests =
        Map.of(
            "cpu",
            new Quantity(Integer.toString(cpus)),
            "memory",
            new Quantity("200Mi"),
            "power.intel.com/" + profile,
            new Quantity(Integer.toString(cpus)));
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

  /** The windows of the CPUs whose EPP is {@code epp}, in CPU order. */
  private List<String> windows(String epp) {
    return IntStream.range(2, 8)
        .mapToObj(cpu -> CpuReading.of(node().sysfs(), cpu))
        .filter(r -> r.epp().map(epp::equals).orElse(false))
        .map(r -> r.minKhz() + "-" + r.maxKhz())
        .toList();
  }

  private List<String> allWindows() {
    return IntStream.range(0, 8)
        .mapToObj(cpu -> CpuReading.of(node().sysfs(), cpu))
        .map(r -> r.cpu() + ":" + r.minKhz() + "-" + r.maxKhz())
        .toList();
  }
}
