package io.powermanager.cli.run;

import static io.powermanager.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @Test
  void refusesFewerThanFourCpusSayingWhy() {
    // When
    CliRun o = run("simulate", "--cpus", "3");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "--cpus 3: a simulated node needs at least 4 CPUs (the kubelet reserves CPUs 0 and 1,"
                + " and pods need at least 2 more)");
  }

  @Test
  void refusesAnotherPowerNamespaceWithoutServe() {
    // When
    CliRun o = run("simulate", "--power-namespace", "intel-power");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err())
        .startsWith(
            "--power-namespace intel-power needs --serve: the walkthrough applies the seed's"
                + " examples, which live in default");
  }

  @Test
  void refusesAClockRateThatIsNotPositive() {
    // When
    CliRun o = run("simulate", "--clock", "2026-03-29T00:58:00Z", "--clock-rate", "0");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("--clock-rate must be a positive number, got 0.0");
  }

  @Test
  void refusesAClockThatIsNotAnInstant() {
    // When
    CliRun o = run("simulate", "--clock", "yesterday");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("--clock").contains("yesterday");
  }

  @Test
  void refusesCpusTogetherWithAHardwareModel() {
    // When
    CliRun o = run("simulate", "--cpus", "8", "--hardware", "small");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("--cpus and --hardware exclude each other; give one");
  }

  @Test
  void refusesAnUnknownHardwareModelListingTheKnownOnes() {
    // When
    CliRun o = run("simulate", "--hardware", "pentium");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("unknown hardware model \"pentium\"; known models: ");
  }

  @Test
  void refusesAWorkdirThatHoldsAPreviousSimulation(@TempDir Path workdir) throws Exception {
    // Given
    Files.createDirectories(workdir.resolve("nodes/node-1/cpu"));

    // When
    CliRun o = run("simulate", "--workdir", workdir.toString());

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
    CliRun o = run("bench", "--help");

    // Then
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("webhook", "extender", "reconciler", "agent", "e2e");
  }
}
