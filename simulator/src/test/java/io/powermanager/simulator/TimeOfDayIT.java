package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.agent.schedule.ScaledClock;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "done when" in the default simulation (2 small nodes, the seed's set-up), on a clock
 * injected at a fixed instant: a TimeOfDay for node-1 whose first entry is a minute in the past and
 * whose second is seconds ahead. (Sent at v1alpha1: the stand-in API server stores each version
 * apart, without the conversion a real one does between identical schemas.)
 */
class TimeOfDayIT {

  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String SHARED = "1000-1500 MHz power powersave";
  static final Instant START = Instant.parse("2026-03-29T00:58:00Z");
  static final DateTimeFormatter HH_MM_SS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Clock clock = ScaledClock.startingAt(START, 1);
  private Path dir;
  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startTheSeedsSetUpWithEveryBaseProfile() throws Exception {
    dir = Files.createTempDirectory("time-of-day-it");
    cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(
                    2,
                    HardwareModel.small(),
                    dir,
                    Files.createTempDirectory(Path.of("/tmp"), "tod-"))
                .withClock(clock));
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    Examples examples = Examples.packaged();
    apply(
        examples
            .read(Examples.POWER_CONFIG)
            .replace(
                "- \"performance\"",
                "- \"performance\"\n  - \"balance-performance\"\n  - \"balance-power\""));
    apply(examples.read(Examples.SHARED_PROFILE));
    for (String node : List.of("node-1", "node-2")) {
      apply(examples.read(Examples.SHARED_WORKLOAD).replace(Examples.EXAMPLE_NODE, node));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(sharedCpus("node-1")).containsOnly(SHARED);
              assertThat(sharedCpus("node-2")).containsOnly(SHARED);
              assertThat(window("balance-power-node-1")).isNotNull();
              assertThat(window("balance-performance-node-1")).isNotNull();
            });
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private void apply(String yaml) {
    KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10));
  }

  /** CPUs 2-7 (the Shared pool of a node without power pods), as read back now. */
  private List<String> sharedCpus(String node) {
    SimulatedNode n = cluster.node(node);
    return IntStream.rangeClosed(2, 7)
        .mapToObj(cpu -> CpuReading.of(n.sysfs(), cpu).describe())
        .toList();
  }

  /** A profile's settings as CpuReading describes them; null while it does not exist. */
  private String window(String profile) {
    PowerProfile p = client.resources(PowerProfile.class).inNamespace(NS).withName(profile).get();
    if (p == null) {
      return null;
    }
    return p.getSpec().getMin().getIntVal()
        + "-"
        + p.getSpec().getMax().getIntVal()
        + " MHz "
        + p.getSpec().getEpp()
        + " powersave";
  }

  @Test
  void aTimeOfDaySwitchesNodeOnesSharedPoolAtItsEntriesAndLeavesNodeTwoAlone() {
    // Given
    Instant now = clock.instant();
    Instant second = now.plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String balancePerformance = window("balance-performance-node-1");
    String balancePower = window("balance-power-node-1");
    String yaml =
        """
        apiVersion: power.intel.com/v1alpha1
        kind: TimeOfDay
        metadata:
          name: node-1
          namespace: default
        spec:
          timeZone: UTC
          schedule:
          - time: "%s"
            powerProfile: balance-performance
          - time: "%s"
            powerProfile: balance-power
        """
            .formatted(HH_MM_SS.format(now.minusSeconds(60)), HH_MM_SS.format(second));

    // When
    apply(yaml);

    // Then: the first entry at once, node-2 untouched
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sharedCpus("node-1")).containsOnly(balancePerformance));
    assertThat(clock.instant()).as("applied before the second entry").isBefore(second);
    assertThat(sharedCpus("node-2")).containsOnly(SHARED);

    // Then: the second entry at its time
    AtomicReference<Instant> switched = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              assertThat(sharedCpus("node-1")).containsOnly(balancePower);
              switched.set(clock.instant());
            });
    assertThat(Duration.between(second, switched.get()))
        .isBetween(Duration.ZERO, Duration.ofSeconds(2));
    assertThat(sharedCpus("node-2")).containsOnly(SHARED);
    System.out.printf(
        "second entry at %s, node-1's Shared CPUs at balance-power-node-1 by %s (%d ms after)%n",
        second, switched.get(), Duration.between(second, switched.get()).toMillis());

    // When
    client.resources(TimeOfDay.class).inNamespace(NS).withName("node-1").delete();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sharedCpus("node-1")).containsOnly(SHARED));
    assertThat(sharedCpus("node-2")).containsOnly(SHARED);
  }
}
