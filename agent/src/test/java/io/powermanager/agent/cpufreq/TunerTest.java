package io.powermanager.agent.cpufreq;

import static io.powermanager.agent.cpufreq.HardwareDiscoveryTest.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.testkit.sysfs.EmulatedCrashException;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.KernelSemantics;
import io.powermanager.testkit.sysfs.SysfsWrite;
import io.powermanager.testkit.sysfs.WriteInterceptor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunerTest {

  @TempDir Path stateDir;

  private static final PowerProfile PERFORMANCE =
      profile("performance-node1", 3300L, 3500L, Epp.PERFORMANCE);
  private static final PowerProfile SHARED = profile("shared", 1000L, 1500L, Epp.POWER);

  private static PowerProfile profile(String name, Long min, Long max, Epp epp) {
    return new PowerProfile(
        name,
        Optional.ofNullable(min).map(io.powermanager.domain.power.FrequencyBound::mhz),
        Optional.ofNullable(max).map(io.powermanager.domain.power.FrequencyBound::mhz),
        epp,
        Optional.empty(),
        Optional.empty());
  }

  private static Function<String, Optional<PowerProfile>> profiles(PowerProfile... all) {
    Map<String, PowerProfile> byName = new HashMap<>();
    for (PowerProfile p : all) {
      byName.put(p.name(), p);
    }
    return name -> Optional.ofNullable(byName.get(name));
  }

  private Tuner tuner(EmulatedSysfs sysfs) throws Exception {
    return tuner(port(sysfs));
  }

  private Tuner tuner(SysfsPort port) throws Exception {
    return new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
  }

  /** small: reserved 0, pod with cpus 2-3 at performance, the rest shared. */
  private static NodePools seedPools(CpuSet online, String... exclusive) {
    List<ExclusiveClaim> claims =
        exclusive.length == 0
            ? List.of()
            : List.of(
                new ExclusiveClaim(
                    "default/pod/app", CpuSet.parse(exclusive[0]), "performance-node1"));
    return NodePools.assign(online, online.minus(CpuSet.of(0)), claims, Optional.of("shared"));
  }

  @Test
  void tunesExclusiveAndSharedCpusAndReadsThemBack() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome =
        tuner.converge(seedPools(sysfs.model().online(), "2-3"), profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(outcome.applied().converged()).hasToString("1-7");
    assertThat(sysfs.cpu(2).toString()).isEqualTo("cpu2[powersave 3300000-3500000 performance]");
    assertThat(sysfs.cpu(5).toString()).isEqualTo("cpu5[powersave 1000000-1500000 power]");
    assertThat(sysfs.cpu(0).toString())
        .isEqualTo("cpu0[powersave 800000-3500000 balance_performance]");
    assertThat(tuner.snapshots().all().keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(tuner.snapshots().get(2))
        .contains(CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000));
  }

  @Test
  void writesNothingWhenTheNodeIsConverged() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);
    NodePools pools =
        NodePools.assign(
            sysfs.model().online(),
            sysfs.model().online().minus(CpuSet.of(0, 112)),
            List.of(new ExclusiveClaim("a", CpuSet.parse("2-9"), "performance-node1")),
            Optional.of("shared"));
    tuner.converge(pools, profiles(PERFORMANCE, SHARED));
    sysfs.resetWriteCounts();

    // When
    Tuner.Outcome again = tuner.converge(pools, profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(again.plan().converged()).isTrue();
    assertThat(sysfs.writeCount()).isZero();
  }

  @Test
  void givesReleasedCpusTheSharedProfileAndRestoresDefaultOnesFromTheSnapshot() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    tuner.converge(seedPools(online, "2-3"), profiles(PERFORMANCE, SHARED));

    // When: the pod is gone, then the shared workload too
    tuner.converge(seedPools(online), profiles(PERFORMANCE, SHARED));
    String afterRelease = sysfs.cpu(2).toString();
    tuner.converge(
        NodePools.assign(online, online.minus(CpuSet.of(0)), List.of(), Optional.empty()),
        profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(afterRelease).isEqualTo("cpu2[powersave 1000000-1500000 power]");
    for (int cpu = 0; cpu < 8; cpu++) {
      assertThat(sysfs.cpu(cpu).toString())
          .isEqualTo("cpu" + cpu + "[powersave 800000-3500000 balance_performance]");
    }
  }

  @Test
  void neverMeetsEbusyWhenLeavingThePerformanceGovernor() throws Exception {
    // Given: someone put every CPU on performance before the agent started
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    for (int cpu = 0; cpu < 8; cpu++) {
      sysfs.write("cpu" + cpu + "/cpufreq/scaling_governor", "performance");
    }
    sysfs.resetWriteCounts();
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome =
        tuner.converge(seedPools(sysfs.model().online(), "2-3"), profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(sysfs.writeLog()).allMatch(SysfsWrite::accepted);
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(sysfs.cpu(6).epp()).isEqualTo("power");
  }

  @Test
  void movesWindowsBothWaysOnAKernelThatRefusesMinAboveMax() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small(), KernelSemantics.LEGACY);
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();

    // When: shared → performance → shared on cpus 2-3
    tuner.converge(seedPools(online), profiles(PERFORMANCE, SHARED));
    tuner.converge(seedPools(online, "2-3"), profiles(PERFORMANCE, SHARED));
    tuner.converge(seedPools(online), profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(sysfs.writeLog()).allMatch(SysfsWrite::accepted);
    assertThat(sysfs.cpu(2).toString()).isEqualTo("cpu2[powersave 1000000-1500000 power]");
  }

  @Test
  void writesNoEppOnAcpiCpufreq() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();

    // When
    Tuner.Outcome outcome =
        tuner.converge(
            NodePools.assign(
                online, online.minus(CpuSet.of(0, 8)), List.of(), Optional.of("shared")),
            profiles(profile("shared", 1300L, 1500L, Epp.POWER)));

    // Then
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(sysfs.writeLog()).noneMatch(w -> w.path().contains("energy_performance"));
    assertThat(sysfs.cpu(3).toString()).isEqualTo("cpu3[schedutil 1300000-1500000]");
  }

  @Test
  void refusesAProfileAboveTheECoresAndWritesNothingToThem() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.hybrid());
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    PowerProfile turbo = profile("turbo", 4000L, 4700L, Epp.PERFORMANCE);

    // When
    Tuner.Outcome outcome =
        tuner.converge(
            NodePools.assign(
                online,
                online,
                List.of(new ExclusiveClaim("a", CpuSet.parse("6-9"), "turbo")),
                Optional.empty()),
            profiles(turbo));

    // Then
    assertThat(outcome.plan().refusals()).containsOnlyKeys(8, 9);
    assertThat(outcome.plan().refusals().get(8).reason()).contains("800-3400 MHz");
    assertThat(sysfs.writeLog())
        .noneMatch(w -> w.path().startsWith("cpu8/") || w.path().startsWith("cpu9/"));
    assertThat(sysfs.cpu(7).scalingMinKhz()).isEqualTo(4_000_000);
    assertThat(outcome.desires().get(8)).isInstanceOf(Desire.Refused.class);
  }

  @Test
  void reportsARefusedWriteAndGoesOnWithTheOtherCpus() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.interceptor(
        WriteInterceptor.failPath("cpu4/cpufreq/energy_performance_preference", EmulatedSysfs.EIO));
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome = tuner.converge(seedPools(sysfs.model().online()), profiles(SHARED));

    // Then
    assertThat(outcome.applied().failures()).hasSize(1);
    assertThat(outcome.applied().failures().get(0).toString())
        .contains("cpu4/cpufreq/energy_performance_preference=power", "Input/output error");
    assertThat(outcome.applied().converged()).hasToString("1-3,5-7");
    assertThat(sysfs.cpu(4).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(5).scalingMaxKhz()).isEqualTo(1_500_000);
  }

  @Test
  void reportsAValueThatReadsBackDifferently() throws Exception {
    // Given: something caps cpu3's ceiling below what the agent writes (a BIOS limit)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    SysfsPort capped =
        SysfsPort.of(
            path ->
                path.equals("cpu3/cpufreq/scaling_max_freq")
                        && sysfs.read(path).startsWith("1500000")
                    ? "1400000\n"
                    : sysfs.read(path),
            sysfs::write,
            sysfs::exists);
    Tuner tuner = tuner(capped);

    // When
    Tuner.Outcome outcome = tuner.converge(seedPools(sysfs.model().online()), profiles(SHARED));

    // Then
    assertThat(outcome.applied().mismatches())
        .singleElement()
        .hasToString("cpu3/cpufreq/scaling_max_freq=1500000 reads back 1400000");
    assertThat(outcome.applied().converged().contains(3)).isFalse();
  }

  @Test
  void convergesAfterACrashBetweenWritesWithoutSnapshottingTunedValues() throws Exception {
    // Given: the agent dies before its 5th write
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.interceptor(WriteInterceptor.crashAtWrite(5));
    CpuSet online = sysfs.model().online();
    assertThatThrownBy(
            () -> tuner(sysfs).converge(seedPools(online, "2-3"), profiles(PERFORMANCE, SHARED)))
        .isInstanceOf(EmulatedCrashException.class);
    sysfs.clearInterceptor();

    // When: a new agent starts; meanwhile the pod went away
    Tuner restarted = tuner(sysfs);
    Tuner.Outcome outcome = restarted.converge(seedPools(online), profiles(PERFORMANCE, SHARED));

    // Then
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(sysfs.cpu(2).toString()).isEqualTo("cpu2[powersave 1000000-1500000 power]");
    assertThat(restarted.snapshots().all().values())
        .containsOnly(CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000));
  }

  @Test
  void restoresEveryCpuToItsSnapshotAndForgetsIt() throws Exception {
    // Given: cpu7 was on performance with a narrow window before the agent came
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.write("cpu7/cpufreq/scaling_governor", "performance");
    sysfs.write("cpu7/cpufreq/scaling_max_freq", "3000000");
    String cpu7Before = sysfs.cpu(7).toString();
    Tuner tuner = tuner(sysfs);
    tuner.converge(seedPools(sysfs.model().online(), "2-3"), profiles(PERFORMANCE, SHARED));

    // When
    Tuner.RestoreResult result = Tuner.restore(port(sysfs), SnapshotStore.open(stateDir));

    // Then
    assertThat(result.complete()).isTrue();
    assertThat(result.restored()).hasToString("1-7");
    assertThat(sysfs.cpu(7).toString()).isEqualTo(cpu7Before);
    assertThat(sysfs.cpu(2).toString())
        .isEqualTo("cpu2[powersave 800000-3500000 balance_performance]");
    assertThat(SnapshotStore.open(stateDir).isEmpty()).isTrue();
  }

  @Test
  void keepsTheSnapshotOfACpuThatCouldNotBeRestored() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    tuner.converge(seedPools(sysfs.model().online()), profiles(SHARED));
    sysfs.interceptor(
        WriteInterceptor.failPath("cpu5/cpufreq/scaling_max_freq", EmulatedSysfs.EIO));

    // When
    Tuner.RestoreResult result = Tuner.restore(port(sysfs), SnapshotStore.open(stateDir));

    // Then
    assertThat(result.failures()).containsOnlyKeys(5);
    assertThat(SnapshotStore.open(stateDir).all()).containsOnlyKeys(5);
  }

  @Test
  void restoresSnapshottedSingleFilesAndForgetsThem() throws Exception {
    // Given: an idle state and the uncore domain recorded, then changed
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    String c1 = "cpu3/cpuidle/state1/disable";
    String min = "intel_uncore_frequency/package_00_die_00/min_freq_khz";
    String max = "intel_uncore_frequency/package_00_die_00/max_freq_khz";
    SnapshotStore store = SnapshotStore.open(stateDir);
    store.recordFilesIfAbsent(
        Map.of(
            c1,
            sysfs.read(c1).strip(),
            min,
            sysfs.read(min).strip(),
            max,
            sysfs.read(max).strip()));
    sysfs.write(c1, "1");
    sysfs.write(max, "1200000");
    sysfs.write(min, "1200000");
    sysfs.resetWriteCounts();

    // When
    Tuner.RestoreResult result = Tuner.restore(port(sysfs), SnapshotStore.open(stateDir));

    // Then
    assertThat(result.complete()).isTrue();
    assertThat(sysfs.cpu(3).idleStateDisabled("C1")).isFalse();
    assertThat(sysfs.uncore(0, 0).minKhz()).isEqualTo(800_000);
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_400_000);
    assertThat(sysfs.writeCount()).isEqualTo(3);
    assertThat(SnapshotStore.open(stateDir).isEmpty()).isTrue();
  }

  @Test
  void keepsAndNamesANodeFileThatCouldNotBeRestored() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    String max = "intel_uncore_frequency/package_00_die_00/max_freq_khz";
    SnapshotStore.open(stateDir).recordFilesIfAbsent(Map.of(max, sysfs.read(max).strip()));
    sysfs.write(max, "1200000");
    sysfs.interceptor(WriteInterceptor.failPath(max, EmulatedSysfs.EIO));

    // When
    Tuner.RestoreResult result = Tuner.restore(port(sysfs), SnapshotStore.open(stateDir));

    // Then
    assertThat(result.complete()).isFalse();
    assertThat(result.nodeFailures()).containsOnlyKeys(max);
    assertThat(result.toString()).contains(max).contains("Input/output error");
    assertThat(SnapshotStore.open(stateDir).files()).containsOnlyKeys(max);
  }
}
