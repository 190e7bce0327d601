package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.powermanager.simulator.node.CpuReading;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Intel v2.5.0's {@code examples/} (test resources {@code intel-v2.5.0/}, see their {@code
 * ORIGIN.md}) applied with a real kubectl to a simulation whose power namespace is {@code
 * intel-power}, unchanged but {@code <NODE_NAME>}: they apply, the example pod on {@code
 * performance} is tuned, Intel's shared workload puts its profile on every other CPU of its node,
 * every object reads back in both versions, and a watch on the non-storage version streams
 * converted events. One node, so that the pod lands where Intel's shared workload is. Skipped,
 * saying so, without a kubectl binary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntelExamplesIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String NS = "intel-power";
  private static final String NODE = "node-1";

  private record Run(int exit, String stdout, String stderr) {}

  private String kubectl;
  private Path dir;
  private Path kubeconfig;
  private SimulatedCluster cluster;

  @BeforeAll
  void serve() throws Exception {
    kubectl = findKubectl().orElse(null);
    assumeTrue(
        kubectl != null,
        "no kubectl binary on the PATH or in .tools/kubectl/kubectl: the Intel examples test is"
            + " skipped");
    dir = Files.createTempDirectory("intel-examples-it");
    cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(
                    1,
                    HardwareModel.small(),
                    dir,
                    Files.createTempDirectory(Path.of("/tmp"), "intel-"))
                .withPowerNamespace(NS)
                .withClock(eveningToday()));
    kubeconfig = cluster.writeKubeconfig();
  }

  /**
   * The real clock moved to 18:00 UTC today. Intel's TimeOfDay example puts the shared pool on
   * {@code balance-power} from 10:04 to 14:48 (Eire time, UTC or UTC+1): on the real clock this
   * test would expect the shared profile only outside those hours. At 18:00 the day's last entry
   * (14:48, {@code shared}) is in force, and the few minutes of the run cross no entry.
   */
  private static Clock eveningToday() {
    Instant now = Instant.now();
    Instant evening =
        now.atZone(ZoneOffset.UTC).toLocalDate().atTime(18, 0).toInstant(ZoneOffset.UTC);
    return Clock.offset(Clock.systemUTC(), Duration.between(now, evening));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void intelsExamplesApplyTuneAndReadBackInBothVersions() throws Exception {
    // Given: a watch on the non-storage version, from before anything exists
    Process watch =
        start(
            "get",
            "powerprofiles.v1alpha1.power.intel.com",
            "-n",
            NS,
            "-w",
            "-o",
            "jsonpath={.apiVersion} {.metadata.name} {.spec.epp}{\"\\n\"}");
    List<String> watched = lines(watch.getInputStream());
    try {
      // When: every example that names a kind this project serves, as Intel ships it
      for (String example :
          List.of(
              "example-powerconfig.yaml",
              "example-shared-profile.yaml",
              "example-shared-workload.yaml",
              "example-cstates.yaml",
              "example-uncore.yaml",
              "example-timeofday.yaml")) {
        applyEventually(example);
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(kubectl("get", "powerprofiles", "-n", NS).stdout())
                      .contains("performance-" + NODE));
      Path pod = applyEventually("example-pod.yaml");

      // Then: the pod on performance is tuned; the shared profile is on every other CPU
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(kubectl("get", "pods", "-o", "wide").stdout())
                    .containsPattern("example-power-pod +1/1 +Running");
                String node =
                    kubectl("get", "pod", "example-power-pod", "-o", "jsonpath={.spec.nodeName}")
                        .stdout();
                assertThat(node).isEqualTo(NODE);
                assertThat(CpuReading.of(cluster.node(node).sysfs(), 2).describe())
                    .isEqualTo("3300-3500 MHz performance powersave");
                for (int cpu = 4; cpu < 8; cpu++) {
                  assertThat(CpuReading.of(cluster.node(node).sysfs(), cpu).describe())
                      .as("cpu %d", cpu)
                      .isEqualTo("1000-1000 MHz power powersave");
                }
              });
      assertThat(pod).exists();

      // and every object reads back in both versions
      for (String kind :
          List.of(
              "powerconfig",
              "powerprofile",
              "powerworkload",
              "powernode",
              "cstates",
              "uncore",
              "timeofday")) {
        for (String version : List.of("v1alpha1", "v1")) {
          Run got =
              kubectl(
                  "get",
                  kind + "." + version + ".power.intel.com",
                  "-n",
                  NS,
                  "-o",
                  "jsonpath={range .items[*]}{.apiVersion} {.metadata.name}{\"\\n\"}{end}");
          assertThat(got.exit()).as(kind + " " + version + ": " + got.stderr()).isZero();
          assertThat(got.stdout()).as(kind + "." + version).isNotBlank();
          for (String line : got.stdout().strip().split("\n")) {
            assertThat(line).startsWith("power.intel.com/" + version + " ");
          }
        }
      }
      Run shared =
          kubectl(
              "get",
              "powerworkload.v1alpha1.power.intel.com",
              "shared-" + NODE + "-workload",
              "-n",
              NS,
              "-o",
              "jsonpath={.spec.reservedCPUs}");
      Run sharedV1 =
          kubectl(
              "get",
              "powerworkload.v1.power.intel.com",
              "shared-" + NODE + "-workload",
              "-n",
              NS,
              "-o",
              "jsonpath={.spec.reservedCPUs}");
      assertThat(shared.stdout()).isEqualTo("[0,1]");
      assertThat(sharedV1.stdout()).isEqualTo("[{\"cores\":[0,1]}]");

      // and the v1alpha1 watch streamed the profiles, converted
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(watched)
                      .contains(
                          "power.intel.com/v1alpha1 shared power",
                          "power.intel.com/v1alpha1 performance performance"));
    } finally {
      watch.destroy();
    }
  }

  // ------------------------------------------------------------------ kubectl

  private static Optional<String> findKubectl() {
    Path tools = Path.of("").toAbsolutePath().getParent().resolve(".tools/kubectl/kubectl");
    for (String candidate : List.of("kubectl", tools.toString())) {
      try {
        Process p =
            new ProcessBuilder(candidate, "version", "--client").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Optional.of(candidate);
        }
      } catch (IOException e) {
        // not there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Optional.empty();
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    return command;
  }

  private Process start(String... args) throws IOException {
    return new ProcessBuilder(command(args))
        .redirectError(Files.createTempFile(dir, "watch", ".err").toFile())
        .start();
  }

  /** The lines of {@code in} as they come, collected by a daemon thread. */
  private static List<String> lines(InputStream in) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the watch was stopped
              }
            },
            "kubectl-watch");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private Run kubectl(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command(args))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Intel's example {@code name}, {@code <NODE_NAME>} replaced, in a file of its own. */
  private Path example(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/intel-v2.5.0/" + name)) {
      assertThat(in).as(name).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Path f = dir.resolve(name);
      Files.writeString(f, text.replace("<NODE_NAME>", NODE));
      return f;
    }
  }

  /**
   * kubectl apply, again while the webhook's cache has not yet seen what the object names; the last
   * refusal is the failure message.
   */
  private Path applyEventually(String name) throws IOException {
    Path f = example(name);
    Run[] last = new Run[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              last[0] = kubectl("apply", "-f", f.toString());
              assertThat(last[0].exit()).as(name + ": " + last[0].stderr()).isZero();
            });
    return f;
  }
}
