package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.walkthrough.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real kubectl against a served simulation: the seed's walkthrough applied with {@code kubectl
 * apply -f}, a good pod and a bad one. Runs when a kubectl binary is found ({@code kubectl} on the
 * PATH, or {@code .tools/kubectl/kubectl} in the repository); skipped, saying so, otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

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
        "no kubectl binary on the PATH or in .tools/kubectl/kubectl: the kubectl test is skipped");
    dir = Files.createTempDirectory("kubectl-it");
    cluster = SmallClusters.start(dir, "kit-");
    kubeconfig = cluster.writeKubeconfig();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

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

  private Run kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  /** kubectl apply, again while the webhook's cache has not yet seen what the object names. */
  private Run applyEventually(Path f) {
    Run[] last = new Run[1];
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              last[0] = kubectl("apply", "-f", f.toString());
              assertThat(last[0].exit()).as(last[0].stderr()).isZero();
            });
    return last[0];
  }

  @Test
  void appliesAGoodPodAndShowsTheWebhooksMessageForABadOne() throws Exception {
    // Given: the seed's set-up, applied with kubectl
    Examples examples = Examples.packaged();
    applyEventually(file("config.yaml", examples.read(Examples.POWER_CONFIG)));
    applyEventually(file("shared.yaml", examples.read(Examples.SHARED_PROFILE)));
    for (String node : List.of("node-1", "node-2")) {
      applyEventually(
          file(
              node + ".yaml",
              examples.read(Examples.SHARED_WORKLOAD).replace(Examples.EXAMPLE_NODE, node)));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl("get", "powerprofiles").stdout())
                    .contains("performance-node-1")
                    .contains("performance-node-2"));
    Path good = file("example-pod.yaml", examples.read(Examples.POD));
    Path bad = file("pod-profile-count-mismatch.yaml", examples.read(Examples.MISMATCHED_POD));

    // When
    Run applied = applyEventually(good);
    Run refused = kubectl("apply", "-f", bad.toString());

    // Then
    assertThat(applied.stdout()).isEqualTo("pod/example-power-pod created\n");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr())
        .isEqualTo(
            "Error from server (Forbidden): error when creating \""
                + bad
                + "\": admission webhook \"pod.validate.power.intel.com\" denied the request:"
                + " spec.containers[0] \"app\": 2 CPUs requested but power.intel.com/performance"
                + " is 1; they must be equal\n");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Run pods = kubectl("get", "pods", "-o", "wide");
              assertThat(pods.stdout()).containsPattern("example-power-pod +1/1 +Running");
              String node =
                  kubectl("get", "pod", "example-power-pod", "-o", "jsonpath={.spec.nodeName}")
                      .stdout();
              assertThat(CpuReading.of(cluster.node(node).sysfs(), 2).describe())
                  .isEqualTo("3300-3500 MHz performance powersave");
            });
    Run deleted = kubectl("delete", "pod", "example-power-pod");
    assertThat(deleted.stdout()).startsWith("pod \"example-power-pod\" deleted");
  }

  @Test
  void theApiServerIsAsStrictAsKubeApiserver() throws Exception {
    // Given: a profile with a field the CRD does not declare, and one with a float for an integer
    Path unknown =
        file(
            "cstates.yaml",
            String.join(
                "\n",
                "apiVersion: power.intel.com/v1alpha1",
                "kind: PowerProfile",
                "metadata: {name: cstates}",
                "spec: {name: cstates, epp: power, max: 1500, min: 1000, undeclared: {C6: true}}",
                ""));
    Path floating =
        file(
            "floating.yaml",
            String.join(
                "\n",
                "apiVersion: power.intel.com/v1alpha1",
                "kind: PowerProfile",
                "metadata: {name: floating}",
                "spec: {name: floating, epp: power, max: 3500.7}",
                ""));

    // When
    Run strict = kubectl("apply", "-f", unknown.toString());
    Run warned = kubectl("apply", "--validate=warn", "-f", unknown.toString());
    Run refused = kubectl("apply", "-f", floating.toString());
    Run dryDelete = kubectl("delete", "powerprofile", "cstates", "--dry-run=server");
    Run stored = kubectl("get", "powerprofile", "cstates", "-o", "json");

    // Then: refused under kubectl's default --validate=strict, pruned with a warning otherwise,
    // 422 for the float, and a server-side dry-run delete keeps the profile
    assertThat(strict.exit()).as(strict.stdout() + strict.stderr()).isEqualTo(1);
    assertThat(strict.stderr())
        .contains("strict decoding error: unknown field \"spec.undeclared\"");
    assertThat(warned.exit()).as(warned.stderr()).isZero();
    assertThat(warned.stderr()).contains("Warning: unknown field \"spec.undeclared\"");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr())
        .contains(
            "The PowerProfile \"floating\" is invalid: spec.max: Invalid value: \"number\":"
                + " spec.max in body must be of type integer,string: \"number\"");
    assertThat(dryDelete.stdout()).contains("deleted (server dry run)");
    assertThat(stored.exit()).as(stored.stderr()).isZero();
    assertThat(stored.stdout()).contains("\"max\": 1500").doesNotContain("undeclared\":");
  }

  @Test
  void deniesAPowerConfigNamingAnAgentImageOutsideTheAllowList() throws Exception {
    // Given: the seed's PowerConfig, asking for an image of its own (#19.7)
    String config =
        Examples.packaged()
            .read(Examples.POWER_CONFIG)
            .replace("\"appqos:latest\"", "\"evil/x:1\"");
    assertThat(config).contains("evil/x:1");
    Path evil = file("evil-config.yaml", config);

    // When
    Run refused = kubectl("apply", "-f", evil.toString());

    // Then
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr())
        .startsWith("Error from server (Forbidden): error when ")
        .contains("denied the request:")
        .contains(
            "spec.powerImage: \"evil/x:1\" is not allowed; allowed:"
                + " ghcr.io/power-manager/power-manager (any tag or digest)");
    assertThat(kubectl("get", "daemonsets", "-A").stdout()).doesNotContain("evil/x:1");
  }
}
