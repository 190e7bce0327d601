package io.powermanager.cli.run;

import static io.powermanager.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.cli.CliRun;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {

  @TempDir Path dir;

  private Path sysfsWithCpu3Tuned() throws Exception {
    Path root = dir.resolve("sys");
    EmulatedSysfs.create(root, HardwareModel.small());
    SnapshotStore.open(dir.resolve("state"))
        .recordIfAbsent(
            Map.of(3, CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000)));
    Files.writeString(root.resolve("cpu3/cpufreq/scaling_min_freq"), "3300000\n");
    return root;
  }

  private CliRun restore(Path sysfsRoot) {
    return run(
        "agent",
        "--restore",
        "--sysfs-root",
        sysfsRoot.toString(),
        "--state-dir",
        dir.resolve("state").toString());
  }

  @Test
  void restoresTheSnapshotWithoutANodeName() throws Exception {
    // Given
    Path root = sysfsWithCpu3Tuned();

    // When
    CliRun o = restore(root);

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
    CliRun o = run("agent", "--restore", "--state-dir", missing.toString());

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
    CliRun o = run("agent", "--restore", "--state-dir", dir.resolve("state").toString());

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
    CliRun o = restore(root);

    // Then
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err().lines()).hasSize(1);
    assertThat(o.err()).startsWith("agent --restore: restored CPUs 3; NOT restored: cpu 99: ");
    assertThat(SnapshotStore.open(dir.resolve("state")).all()).containsOnlyKeys(99);
  }

  @Test
  void refusesToRunTheAgentWithoutANodeName() {
    // When
    CliRun o = run("agent", "--node-name", "");

    // Then
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("--node-name (or NODE_NAME) is required to run the agent");
  }
}
