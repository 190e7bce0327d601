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

  @Test
  void restoresHardwareDefaultsWithoutASnapshotAndCountsTheChangesPerKnob() throws Exception {
    // Given: a node Intel's agent tuned, before ours ever ran (no state directory)
    Path root = dir.resolve("sys");
    EmulatedSysfs.create(root, HardwareModel.small());
    Files.writeString(root.resolve("cpu3/cpufreq/scaling_governor"), "performance\n");
    Files.writeString(root.resolve("cpu3/cpufreq/scaling_min_freq"), "3300000\n");
    Files.writeString(root.resolve("cpu3/cpuidle/state3/disable"), "1\n");

    // When
    CliRun o =
        run(
            "agent",
            "--restore-defaults",
            "--sysfs-root",
            root.toString(),
            "--state-dir",
            dir.resolve("state").toString());

    // Then
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out())
        .startsWith("agent --restore-defaults: hardware defaults on 8 CPUs")
        .contains("scaling_governor 1", "scaling_min_freq 1", "cpuidle disable 1", "turbo 0");
    assertThat(Files.readString(root.resolve("cpu3/cpufreq/scaling_governor")).strip())
        .isEqualTo("powersave");
    assertThat(Files.readString(root.resolve("cpu3/cpufreq/scaling_min_freq")).strip())
        .isEqualTo("800000");
    assertThat(Files.readString(root.resolve("cpu3/cpuidle/state3/disable")).strip())
        .isEqualTo("0");
  }

  @Test
  void refusesToRestoreDefaultsOverASnapshotWithTunedCpusUnlessForced() throws Exception {
    // Given
    Path root = sysfsWithCpu3Tuned();
    String[] args = {
      "agent",
      "--restore-defaults",
      "--sysfs-root",
      root.toString(),
      "--state-dir",
      dir.resolve("state").toString()
    };

    // When
    CliRun refused = run(args);
    CliRun forced =
        run(
            java.util.stream.Stream.concat(
                    java.util.Arrays.stream(args), java.util.stream.Stream.of("--force"))
                .toArray(String[]::new));

    // Then
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("agent --restore-defaults: refused: the agent's snapshot ")
        .contains("1 CPUs", "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("snapshot deleted: ");
    assertThat(dir.resolve("state").resolve(SnapshotStore.FILE_NAME)).doesNotExist();
  }

  @Test
  void documentsRestoreDefaultsInItsHelp() {
    // When
    CliRun o = run("agent", "--help");

    // Then
    assertThat(o.out()).contains("--restore-defaults", "balance_performance", "--force");
  }
}
