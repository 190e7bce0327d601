package io.powermanager.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.WriteInterceptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent --restore-defaults} on emulated nodes that another agent tuned: intel_pstate (with
 * EPP, uncore, no_turbo) and acpi-cpufreq (no EPP, boost).
 */
class HardwareDefaultsRestoreTest {

  @TempDir Path stateDir;

  private static SysfsPort port(EmulatedSysfs sysfs) {
    return SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list);
  }

  /** What Intel's agent leaves on an intel_pstate node: performance, a narrow window, C6 off. */
  private static EmulatedSysfs tunedIntelPstate() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    for (int cpu = 0; cpu < 8; cpu++) {
      sysfs.write("cpu" + cpu + "/cpufreq/energy_performance_preference", "power");
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_max_freq", "3000000");
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_min_freq", "2000000");
      sysfs.write("cpu" + cpu + "/cpuidle/state3/disable", "1");
    }
    for (int cpu = 0; cpu < 4; cpu++) {
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_governor", "performance");
    }
    sysfs.write("intel_uncore_frequency/package_00_die_00/max_freq_khz", "2000000");
    sysfs.write("intel_uncore_frequency/package_00_die_00/min_freq_khz", "2000000");
    sysfs.write("intel_pstate/no_turbo", "1");
    return sysfs;
  }

  @Test
  void bringsATunedIntelPstateNodeToItsHardwareDefaultsAndDeletesTheSnapshot() throws Exception {
    // Given: a tuned node and an empty snapshot left by an agent that restored on stop
    EmulatedSysfs sysfs = tunedIntelPstate();
    Files.writeString(stateDir.resolve(SnapshotStore.FILE_NAME), "format=2\n");

    // When
    HardwareDefaultsRestore.Result result =
        HardwareDefaultsRestore.run(port(sysfs), stateDir, false);

    // Then
    assertThat(result.complete()).as(result.toString()).isTrue();
    for (int cpu = 0; cpu < 8; cpu++) {
      var view = sysfs.cpu(cpu);
      assertThat(view.governor()).isEqualTo("powersave");
      assertThat(view.epp()).isEqualTo("balance_performance");
      assertThat(view.scalingMinKhz()).isEqualTo(800_000);
      assertThat(view.scalingMaxKhz()).isEqualTo(3_500_000);
      assertThat(view.idleStateDisabled("C6")).isFalse();
    }
    assertThat(sysfs.uncore(0, 0).minKhz()).isEqualTo(800_000);
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_400_000);
    assertThat(sysfs.read("intel_pstate/no_turbo").strip()).isEqualTo("0");
    assertThat(result.changed())
        .containsEntry(Knob.TURBO, 1)
        .containsEntry(Knob.GOVERNOR, 4)
        .containsEntry(Knob.EPP, 8)
        .containsEntry(Knob.MIN_FREQ, 8)
        .containsEntry(Knob.MAX_FREQ, 8)
        .containsEntry(Knob.CSTATE_DISABLE, 8)
        .containsEntry(Knob.UNCORE_MIN_FREQ, 1)
        .containsEntry(Knob.UNCORE_MAX_FREQ, 1);
    assertThat(result.cpus()).isEqualTo(8);
    assertThat(result.snapshotDeleted()).contains(stateDir.resolve(SnapshotStore.FILE_NAME));
    assertThat(stateDir.resolve(SnapshotStore.FILE_NAME)).doesNotExist();
    assertThat(result.toString()).contains("scaling_governor 4", "turbo 1");
  }

  @Test
  void bringsATunedAcpiCpufreqNodeToSchedutilTheFullWindowAndBoostOn() throws Exception {
    // Given: no state directory at all (the agent never ran here)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());
    for (int cpu = 0; cpu < 16; cpu++) {
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_governor", "performance");
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_min_freq", "2400000");
      sysfs.write("cpu" + cpu + "/cpuidle/state2/disable", "1");
      sysfs.write("cpu" + cpu + "/cpuidle/state3/disable", "1");
    }
    sysfs.write("cpufreq/boost", "0");
    Path absent = stateDir.resolve("never-created");

    // When
    HardwareDefaultsRestore.Result result = HardwareDefaultsRestore.run(port(sysfs), absent, false);

    // Then
    assertThat(result.complete()).as(result.toString()).isTrue();
    for (int cpu = 0; cpu < 16; cpu++) {
      var view = sysfs.cpu(cpu);
      assertThat(view.governor()).isEqualTo("schedutil");
      assertThat(view.scalingMinKhz()).isEqualTo(1_200_000);
      assertThat(view.scalingMaxKhz()).isEqualTo(2_400_000);
      assertThat(view.idleStateDisabled("C2")).isFalse();
      assertThat(view.idleStateDisabled("C3")).isFalse();
    }
    assertThat(sysfs.read("cpufreq/boost").strip()).isEqualTo("1");
    assertThat(result.changed())
        .containsEntry(Knob.GOVERNOR, 16)
        .containsEntry(Knob.EPP, 0)
        .containsEntry(Knob.MIN_FREQ, 16)
        .containsEntry(Knob.CSTATE_DISABLE, 32)
        .containsEntry(Knob.TURBO, 1);
    assertThat(result.snapshotDeleted()).isEmpty();
    assertThat(absent).doesNotExist();
  }

  @Test
  void writesNothingOnANodeAtItsDefaults() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());

    // When
    HardwareDefaultsRestore.Result result =
        HardwareDefaultsRestore.run(port(sysfs), stateDir, false);

    // Then
    assertThat(result.complete()).isTrue();
    assertThat(result.changed().values()).allMatch(n -> n == 0);
    assertThat(sysfs.writeCount()).isZero();
  }

  @Test
  void refusesWhileTheSnapshotShowsTunedCpusUnlessForced() throws Exception {
    // Given: our agent tuned CPU 2 (its original recorded) and did not restore
    EmulatedSysfs sysfs = tunedIntelPstate();
    SnapshotStore.open(stateDir)
        .recordIfAbsent(
            Map.of(2, CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000)));
    sysfs.resetWriteCounts();

    // When / Then: refused, nothing written, the snapshot kept
    assertThatThrownBy(() -> HardwareDefaultsRestore.run(port(sysfs), stateDir, false))
        .isInstanceOf(HardwareDefaultsRestore.Refused.class)
        .hasMessageContaining(SnapshotStore.FILE_NAME)
        .hasMessageContaining("1 CPUs")
        .hasMessageContaining("--force");
    assertThat(sysfs.writeCount()).isZero();
    assertThat(stateDir.resolve(SnapshotStore.FILE_NAME)).exists();

    // When forced
    HardwareDefaultsRestore.Result forced =
        HardwareDefaultsRestore.run(port(sysfs), stateDir, true);

    // Then
    assertThat(forced.complete()).isTrue();
    assertThat(stateDir.resolve(SnapshotStore.FILE_NAME)).doesNotExist();
  }

  @Test
  void reportsTheFileOfAFailedWriteAndKeepsTheSnapshot() throws Exception {
    // Given
    EmulatedSysfs sysfs = tunedIntelPstate();
    Files.writeString(stateDir.resolve(SnapshotStore.FILE_NAME), "format=2\n");
    sysfs.write("cpu5/cpufreq/scaling_governor", "performance");
    sysfs.interceptor(
        WriteInterceptor.failPath("cpu5/cpufreq/scaling_governor", EmulatedSysfs.EIO));

    // When
    HardwareDefaultsRestore.Result result =
        HardwareDefaultsRestore.run(port(sysfs), stateDir, false);

    // Then
    assertThat(result.complete()).isFalse();
    assertThat(result.failures()).hasSize(1);
    assertThat(result.toString()).contains("cpu5/cpufreq/scaling_governor");
    assertThat(stateDir.resolve(SnapshotStore.FILE_NAME)).exists();
    assertThat(sysfs.cpu(0).governor()).as("CPUs planned before it").isEqualTo("powersave");
  }
}
