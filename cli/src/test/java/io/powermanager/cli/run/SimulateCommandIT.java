package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.PowerManagerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code power-manager simulate} in this JVM, as the README's first command runs it. */
class SimulateCommandIT {

  @Test
  void printsTheSeedsWalkthroughWithTheDenialTablesCpusAndTimeToTune(@TempDir Path workdir) {
    // Given
    StringWriter out = new StringWriter();
    CommandLine cmd = PowerManagerCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(new StringWriter()));

    // When
    int exit = cmd.execute("simulate", "--workdir", workdir.toString());

    // Then
    String report = out.toString();
    assertThat(exit).as(report).isZero();
    assertThat(report)
        .contains(
            "power-manager simulate: 2 nodes of small (8 CPUs, intel_pstate), workdir " + workdir)
        .contains(
            "$ kubectl apply -f examples/example-powerconfig.yaml\n"
                + "powerconfig.power.intel.com/power-config created\n"
                + "$ kubectl apply -f examples/example-shared-profile.yaml\n"
                + "powerprofile.power.intel.com/shared created\n"
                + "$ sed 's/example-node/node-1/g' examples/example-shared-workload.yaml"
                + " | kubectl apply -f -\n"
                + "powerworkload.power.intel.com/shared-node-1-workload created\n")
        .contains("$ kubectl apply -f examples/example-pod.yaml\npod/example-power-pod created\n")
        .contains(
            "Error from server (Forbidden): error when creating"
                + " \"examples/invalid/pod-profile-count-mismatch.yaml\": admission webhook"
                + " \"pod.validate.power.intel.com\" denied the request: spec.containers[0] \"app\":"
                + " 2 CPUs requested but power.intel.com/performance is 1; they must be equal\n")
        .containsPattern("\\$ kubectl get powerprofiles\nNAME +AGE +EPP +GOVERNOR +MAX +MIN\n")
        .containsPattern("performance-node-1 +\\S+ +performance +3500 +3300")
        .containsPattern("shared +\\S+ +power +1500 +1000")
        .containsPattern("performance-node-\\d-workload +\\S+ +\\[2,3\\]")
        .containsPattern("node-1 +\\S+ +node-1 +True +0-7 +intel_pstate")
        .containsPattern(
            "2 +performance-node-\\d \\(example-power-pod\\) +800-3500 MHz balance_performance"
                + " powersave +3300-3500 MHz performance powersave")
        .containsPattern(
            "7 +Shared +800-3500 MHz balance_performance powersave +1000-1500 MHz power powersave")
        .containsPattern(
            "0 +Default \\(reserved\\) +800-3500 MHz balance_performance powersave"
                + " +\\(unchanged\\)")
        .containsPattern(
            "Time from pod creation to tuned cores: \\d+ ms  \\(example-power-pod on node-\\d:"
                + " CPUs 2-3 at performance-node-\\d 3300-3500 MHz performance\\)")
        .contains(
            "Stopped: the agents restored every CPU; all 16 CPUs of 2 nodes read back at their"
                + " boot settings.");
  }

  private static int simulate(StringWriter out, String... args) {
    CommandLine cmd = PowerManagerCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(out));
    return cmd.execute(args);
  }

  @Test
  void removesItsDefaultWorkdirAfterTheReport(@TempDir Path scratch) throws Exception {
    // Given
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));
    StringWriter out = new StringWriter();

    // When
    int exit = simulate(out, "simulate", "--tmpdir", tmp.toString());

    // Then
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("workdir " + tmp.resolve("power-manager-simulate-"));
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as(out.toString()).isEmpty();
    }
  }

  @Test
  void keepsAGivenWorkdirButRemovesTheTmpfsTreesOfLargeNodes(@TempDir Path scratch)
      throws Exception {
    // Given
    Path workdir = scratch.resolve("work");
    Path tmpfs = Files.createDirectories(scratch.resolve("shm"));
    StringWriter out = new StringWriter();

    // When
    int exit =
        simulate(
            out,
            "simulate",
            "--cpus",
            "72",
            "--workdir",
            workdir.toString(),
            "--tmpfs",
            tmpfs.toString());

    // Then
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("go to tmpfs (thousands of files each): " + tmpfs);
    assertThat(workdir.resolve("certs/ca.crt")).isRegularFile();
    try (Stream<Path> left = Files.list(tmpfs)) {
      assertThat(left).as(out.toString()).isEmpty();
    }
  }
}
