package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.PowerManagerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = PowerManagerCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void refusesFewerThanFourCpusSayingWhy() {
    // When
    Outcome o = run("simulate", "--cpus", "3");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "--cpus 3: a simulated node needs at least 4 CPUs (the kubelet reserves CPUs 0 and 1,"
                + " and pods need at least 2 more)");
  }

  @Test
  void refusesCpusTogetherWithAHardwareModel() {
    // When
    Outcome o = run("simulate", "--cpus", "8", "--hardware", "small");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("--cpus and --hardware exclude each other; give one");
  }

  @Test
  void refusesAnUnknownHardwareModelListingTheKnownOnes() {
    // When
    Outcome o = run("simulate", "--hardware", "pentium");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("unknown hardware model \"pentium\"; known models: ");
  }

  @Test
  void refusesAWorkdirThatHoldsAPreviousSimulation(@TempDir Path workdir) throws Exception {
    // Given
    Files.createDirectories(workdir.resolve("nodes/node-1/cpu"));

    // When
    Outcome o = run("simulate", "--workdir", workdir.toString());

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "--workdir "
                + workdir
                + " holds a previous simulation (its nodes/ and agents/); give a new or empty"
                + " directory");
  }

  @Test
  void listsEveryBenchmark() {
    // When
    Outcome o = run("bench", "--help");

    // Then
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("webhook", "extender", "reconciler", "agent", "e2e");
  }
}
