package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.cli.Main;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code power-manager simulate --serve} as a process of its own: it prints exactly {@code ready
 * DIR/endpoints.json}, serves the seed's objects through its kubeconfig, and on SIGTERM its agents
 * put every CPU file back as it was at boot before it exits 0.
 */
class SimulateServeIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** {@code power-manager simulate --serve} with {@code args} in a child JVM. */
  private static Process serve(Path stderr, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "simulate",
                "--serve"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  /** The child's first line on stdout, its "ready" line, waiting at most {@link #WAIT}. */
  private static String firstLine(BufferedReader stdout) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return stdout.readLine();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, as kill sends it (Process.destroy would also close the child's streams), then exit.
   */
  private static void sigtermAndWait(Process child) throws Exception {
    assertThat(
            new ProcessBuilder("kill", "-TERM", Long.toString(child.pid()))
                .start()
                .waitFor(30, TimeUnit.SECONDS))
        .isTrue();
    assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file).strip();
  }

  private static void applyEventually(KubernetesClient client, String yaml) {
    KubectlApply.applyRetrying(client, yaml, "example.yaml", Duration.ofSeconds(15));
  }

  @Test
  void servesUntilSigtermThenRestoresEveryCpuFileAndExitsZero(@TempDir Path workdir)
      throws Exception {
    // Given
    Process child = serve(workdir.resolve("stderr.txt"), "--workdir", workdir.toString());
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = firstLine(stdout);
      assertThat(ready).isEqualTo("ready " + workdir.resolve("endpoints.json"));
      @SuppressWarnings("unchecked")
      Map<String, Object> endpoints =
          new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
              .unmarshal(Files.readString(workdir.resolve("endpoints.json")), Map.class);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, String>> nodes =
          (Map<String, Map<String, String>>) endpoints.get("nodes");
      Path cpu2 = Path.of(nodes.get("node-1").get("sysfsRoot")).resolve("cpu2/cpufreq");
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  Config.fromKubeconfig(
                      Files.readString(Path.of((String) endpoints.get("kubeconfig")))))
              .build()) {
        Examples examples = Examples.packaged();
        applyEventually(client, examples.read(Examples.POWER_CONFIG));
        applyEventually(client, examples.read(Examples.SHARED_PROFILE));
        for (String node : List.of("node-1", "node-2")) {
          applyEventually(
              client, examples.read(Examples.SHARED_WORKLOAD).replace(Examples.EXAMPLE_NODE, node));
        }
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(read(cpu2.resolve("scaling_max_freq"))).isEqualTo("1500000");
                assertThat(read(cpu2.resolve("energy_performance_preference"))).isEqualTo("power");
              });

      // When
      sigtermAndWait(child);

      // Then
      assertThat(child.exitValue()).as(Files.readString(workdir.resolve("stderr.txt"))).isZero();
      assertThat(stdout.readLine()).isNull();
      String log = Files.readString(workdir.resolve("stderr.txt"));
      for (String node : List.of("node-1", "node-2")) {
        for (int cpu = 0; cpu < 8; cpu++) {
          Path dir = Path.of(nodes.get(node).get("sysfsRoot")).resolve("cpu" + cpu + "/cpufreq");
          assertThat(read(dir.resolve("scaling_min_freq")))
              .as("%s cpu%d; the simulator's log:%n%s", node, cpu, log)
              .isEqualTo("800000");
          assertThat(read(dir.resolve("scaling_max_freq")))
              .as("%s cpu%d; the simulator's log:%n%s", node, cpu, log)
              .isEqualTo("3500000");
          assertThat(read(dir.resolve("energy_performance_preference")))
              .as("%s cpu%d; the simulator's log:%n%s", node, cpu, log)
              .isEqualTo("balance_performance");
        }
      }
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  @Test
  void removesItsDefaultWorkdirAndTmpfsTreesAfterSigterm(@TempDir Path scratch) throws Exception {
    // Given
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));
    Path tmpfs = Files.createDirectories(scratch.resolve("shm"));
    Process child =
        serve(
            scratch.resolve("stderr.txt"),
            "--nodes",
            "1",
            "--cpus",
            "72",
            "--tmpdir",
            tmp.toString(),
            "--tmpfs",
            tmpfs.toString());
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = firstLine(stdout);
      assertThat(ready).startsWith("ready " + tmp.resolve("power-manager-simulate-"));
      try (Stream<Path> trees = Files.list(tmpfs)) {
        assertThat(trees).hasSize(1);
      }

      // When
      sigtermAndWait(child);

      // Then
      String log = Files.readString(scratch.resolve("stderr.txt"));
      assertThat(child.exitValue()).as(log).isZero();
      try (Stream<Path> left = Stream.concat(Files.list(tmp), Files.list(tmpfs))) {
        assertThat(left).as(log).isEmpty();
      }
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  @Test
  void servesThePowerObjectsInTheNamespaceItIsGiven(@TempDir Path workdir) throws Exception {
    // Given: Intel v2.5's PowerConfig as it ships (namespace intel-power, Intel's node label)
    Process child =
        serve(
            workdir.resolve("stderr.txt"),
            "--nodes",
            "1",
            "--power-namespace",
            "intel-power",
            "--workdir",
            workdir.toString());
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(firstLine(stdout)).isEqualTo("ready " + workdir.resolve("endpoints.json"));
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(workdir.resolve("kubeconfig"))))
              .build()) {
        // When
        applyEventually(
            client,
            String.join(
                "\n",
                "apiVersion: power.intel.com/v1",
                "kind: PowerConfig",
                "metadata: {name: power-config, namespace: intel-power}",
                "spec:",
                "  powerNodeSelector: {feature.node.kubernetes.io/power-node: \"true\"}",
                "  powerProfiles: [performance]",
                ""));

        // Then: the reconciler answers there, and the agent's DaemonSet and PowerNode follow
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  assertThat(
                          client.apps().daemonSets().inNamespace("intel-power").list().getItems())
                      .isNotEmpty();
                  assertThat(
                          client
                              .genericKubernetesResources("power.intel.com/v1", "PowerNode")
                              .inNamespace("intel-power")
                              .withName("node-1")
                              .get())
                      .isNotNull();
                });
      }
      sigtermAndWait(child);
      assertThat(child.exitValue()).as(Files.readString(workdir.resolve("stderr.txt"))).isZero();
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }
}
