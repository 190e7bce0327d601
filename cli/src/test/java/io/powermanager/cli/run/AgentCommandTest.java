package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.cli.PowerManagerCommand;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {

  private record Outcome(int exit, String out, String err) {}

  @TempDir Path dir;

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = PowerManagerCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  private Path sysfsWithCpu3Tuned() throws Exception {
    Path root = dir.resolve("sys");
    EmulatedSysfs.create(root, HardwareModel.small());
    SnapshotStore.open(dir.resolve("state"))
        .recordIfAbsent(
            Map.of(3, CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000)));
    Files.writeString(root.resolve("cpu3/cpufreq/scaling_min_freq"), "3300000\n");
    return root;
  }

  @Test
  void restoresTheSnapshotWithoutANodeName() throws Exception {
    // Given
    Path root = sysfsWithCpu3Tuned();

    // When
    Outcome o =
        run(
            "agent",
            "--restore",
            "--sysfs-root",
            root.toString(),
            "--state-dir",
            dir.resolve("state").toString());

    // Then
    assertThat(o.exit()).isZero();
    assertThat(o.out()).isEqualTo("restored CPUs 3" + System.lineSeparator());
    assertThat(Files.readString(root.resolve("cpu3/cpufreq/scaling_min_freq")).strip())
        .isEqualTo("800000");
    assertThat(dir.resolve("state").resolve(SnapshotStore.FILE_NAME)).doesNotExist();
  }

  @Test
  void refusesAMissingStateDirectoryInOneLine() {
    // Given
    Path missing = dir.resolve("no-such-state");

    // When
    Outcome o = run("agent", "--restore", "--state-dir", missing.toString());

    // Then
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .isEqualTo(
            "agent --restore: "
                + missing
                + ": no such state directory, so no snapshot to restore"
                + System.lineSeparator());
    assertThat(o.out()).isEmpty();
  }

  @Test
  void refusesAMalformedSnapshotInOneLine() throws Exception {
    // Given
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state").resolve(SnapshotStore.FILE_NAME), "cpu=1 garbage\n");

    // When
    Outcome o = run("agent", "--restore", "--state-dir", dir.resolve("state").toString());

    // Then
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err().lines()).hasSize(1);
    assertThat(o.err()).startsWith("agent --restore: snapshot ").contains("is malformed");
  }

  @Test
  void saysWhichCpusWereNotRestoredAndExitsNonZero() throws Exception {
    // Given: the snapshot also holds cpu 99, which this node does not have
    Path root = sysfsWithCpu3Tuned();
    SnapshotStore.open(dir.resolve("state"))
        .recordIfAbsent(Map.of(99, CpuSettings.of("powersave", null, 800_000, 3_500_000)));

    // When
    Outcome o =
        run(
            "agent",
            "--restore",
            "--sysfs-root",
            root.toString(),
            "--state-dir",
            dir.resolve("state").toString());

    // Then
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err().lines()).hasSize(1);
    assertThat(o.err()).startsWith("agent --restore: restored CPUs 3; NOT restored: cpu 99: ");
    assertThat(SnapshotStore.open(dir.resolve("state")).all()).containsOnlyKeys(99);
  }

  @Test
  void refusesToRunTheAgentWithoutANodeName() {
    // When
    Outcome o = run("agent", "--node-name", "");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("--node-name (or NODE_NAME) is required to run the agent");
  }
}
