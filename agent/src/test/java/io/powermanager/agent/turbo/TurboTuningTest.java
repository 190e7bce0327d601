package io.powermanager.agent.turbo;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.cpuidle.CStateIntent;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.nodesettings.NodeSettings;
import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.SysfsWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The turbo switch and node limits in the tuner's one loop, on {@code small} (800-3500 MHz, base
 * 2100): the order of the writes, the snapshot and restore of the switch, EPERM, and the clamps.
 */
class TurboTuningTest {

  @TempDir Path stateDir;

  /** The extended performance profile of node-1, as the reconciler derives it. */
  private static final PowerProfile DERIVED = profile("performance-node-1", 3300, 3500);

  /** An explicit profile with the same numbers. */
  private static final PowerProfile EXPLICIT = profile("fast", 3300, 3500);

  private static final PowerProfile SHARED = profile("shared", 1000, 1500);

  private static PowerProfile profile(String name, long min, long max) {
    return new PowerProfile(
        name,
        Optional.of(FrequencyBound.mhz(min)),
        Optional.of(FrequencyBound.mhz(max)),
        Epp.PERFORMANCE,
        Optional.empty(),
        Optional.empty());
  }

  private static Function<String, Optional<PowerProfile>> profiles() {
    Map<String, PowerProfile> all =
        Map.of(DERIVED.name(), DERIVED, EXPLICIT.name(), EXPLICIT, SHARED.name(), SHARED);
    return name -> Optional.ofNullable(all.get(name));
  }

  /** Reserved 0, CPUs 2-3 on the derived profile, 4-5 on the explicit one, the rest shared. */
  private static NodePools pools(CpuSet online) {
    return NodePools.assign(
        online,
        online.minus(CpuSet.of(0)),
        List.of(
            new ExclusiveClaim("default/a/app", CpuSet.parse("2-3"), DERIVED.name()),
            new ExclusiveClaim("default/b/app", CpuSet.parse("4-5"), EXPLICIT.name())),
        Optional.of("shared"));
  }

  private static TurboControl.Intent turbo(NodeSettings.Turbo turbo) {
    return new TurboControl.Intent(
        "node-1",
        Optional.of(
            new NodeSettings(
                "settings",
                turbo,
                Optional.empty(),
                Optional.empty(),
                NodeSettings.Scope.TUNED_CPUS)));
  }

  private Tuner tuner(EmulatedSysfs sysfs) throws Exception {
    SysfsPort port = SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list);
    return new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
  }

  private static Tuner.Outcome converge(Tuner tuner, NodePools pools, TurboControl.Intent intent)
      throws Exception {
    return tuner.converge(pools, profiles(), CStateIntent.none(""), Optional.empty(), intent);
  }

  private static List<String> paths(EmulatedSysfs sysfs) {
    return sysfs.writeLog().stream().map(SysfsWrite::path).toList();
  }

  @Test
  void disablingLowersWindowsFirstThenSwitchesTurboOffAndRereadsTheMaximum() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    NodePools pools = pools(sysfs.model().online());
    converge(tuner, pools, TurboControl.Intent.none("node-1"));
    sysfs.resetWriteCounts();
    int before = sysfs.writeLog().size();

    // When
    Tuner.Outcome outcome = converge(tuner, pools, turbo(NodeSettings.Turbo.DISABLED));

    // Then: the derived window re-derived from base, the explicit one clamped at base
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("1\n");
    assertThat(sysfs.cpu(2).scalingMinKhz()).isEqualTo(1_900_000);
    assertThat(sysfs.cpu(2).scalingMaxKhz()).isEqualTo(2_100_000);
    assertThat(sysfs.cpu(4).scalingMinKhz()).isEqualTo(2_100_000);
    assertThat(sysfs.cpu(4).scalingMaxKhz()).isEqualTo(2_100_000);
    assertThat(outcome.turbo().clamped()).containsOnlyKeys(4, 5);
    assertThat(outcome.turbo().clamped().get(4))
        .isEqualTo(
            "power profile \"fast\" window 3300-3500 MHz is clamped to 2100-2100 MHz on cpu 4:"
                + " turbo is off");
    List<String> writes = paths(sysfs).subList(before, sysfs.writeLog().size());
    assertThat(writes.get(writes.size() - 1)).isEqualTo("intel_pstate/no_turbo");
    assertThat(writes).contains("cpu2/cpufreq/scaling_max_freq", "cpu4/cpufreq/scaling_max_freq");
    assertThat(tuner.hardware().cpus().get(2).cpuinfoMax().mhz()).isEqualTo(2100);
    assertThat(tuner.snapshots().files()).containsEntry("intel_pstate/no_turbo", "0");

    // And a second pass is converged: nothing refused, nothing written
    sysfs.resetWriteCounts();
    Tuner.Outcome again = converge(tuner, pools, turbo(NodeSettings.Turbo.DISABLED));
    assertThat(again.plan().converged()).isTrue();
    assertThat(again.desires().values()).noneMatch(d -> d instanceof Desire.Refused);
  }

  @Test
  void deletingSwitchesTurboBackFirstThenRaisesEveryWindow() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    NodePools pools = pools(sysfs.model().online());
    converge(tuner, pools, turbo(NodeSettings.Turbo.DISABLED));
    int before = sysfs.writeLog().size();

    // When: the object is gone
    Tuner.Outcome outcome = converge(tuner, pools, TurboControl.Intent.none("node-1"));

    // Then
    assertThat(outcome.applied().clean()).isTrue();
    List<String> writes = paths(sysfs).subList(before, sysfs.writeLog().size());
    assertThat(writes.get(0)).isEqualTo("intel_pstate/no_turbo");
    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("0\n");
    assertThat(sysfs.cpu(2).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(4).scalingMinKhz()).isEqualTo(3_300_000);
    assertThat(tuner.hardware().cpus().get(2).cpuinfoMax().mhz()).isEqualTo(3500);

    // And the switch's original is forgotten once it is back
    converge(tuner, pools, TurboControl.Intent.none("node-1"));
    assertThat(tuner.snapshots().files()).doesNotContainKey("intel_pstate/no_turbo");
  }

  @Test
  void cpusFirstTunedWhileTurboIsOffAreRestoredToTheirBootMaximum() throws Exception {
    // Given: turbo switched off while no pod holds a CPU, then a pod gets CPUs never tuned before
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    NodePools idle =
        NodePools.assign(online, online.minus(CpuSet.of(0)), List.of(), Optional.empty());
    converge(tuner, idle, turbo(NodeSettings.Turbo.DISABLED));
    converge(tuner, pools(online), turbo(NodeSettings.Turbo.DISABLED));

    // When: the pods and the settings are gone
    converge(tuner, idle, TurboControl.Intent.none("node-1"));
    converge(tuner, idle, TurboControl.Intent.none("node-1"));

    // Then
    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("0\n");
    for (int cpu : online) {
      assertThat(sysfs.cpu(cpu).scalingMaxKhz()).as("cpu %d", cpu).isEqualTo(3_500_000);
      assertThat(sysfs.cpu(cpu).scalingMinKhz()).as("cpu %d", cpu).isEqualTo(800_000);
    }
  }

  @Test
  void restoreOnStopPutsTheSwitchAndTheWindowsBack() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    converge(tuner, pools(sysfs.model().online()), turbo(NodeSettings.Turbo.DISABLED));

    // When
    Tuner.RestoreResult restored =
        Tuner.restore(
            SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list), tuner.snapshots());

    // Then
    assertThat(restored.complete()).isTrue();
    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("0\n");
    for (int cpu = 1; cpu < 8; cpu++) {
      assertThat(sysfs.cpu(cpu).scalingMaxKhz()).isEqualTo(3_500_000);
    }
  }

  @Test
  void firmwareLockedTurboIsReportedAndWindowsAreHeldAtBase() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.lockTurbo();
    Tuner tuner = tuner(sysfs);
    NodePools pools = pools(sysfs.model().online());

    // When
    Tuner.Outcome first = converge(tuner, pools, turbo(NodeSettings.Turbo.ENABLED));
    Tuner.Outcome second = converge(tuner, pools, turbo(NodeSettings.Turbo.ENABLED));

    // Then
    assertThat(first.turbo().locked()).isTrue();
    assertThat(first.turbo().on()).isFalse();
    assertThat(TurboReport.conditions(first.turbo()))
        .anyMatch(c -> c.type().equals("TurboLocked") && c.status())
        .anyMatch(
            c ->
                c.type().equals(TurboReport.NODE_SETTINGS_APPLIED)
                    && !c.status()
                    && c.reason().equals("TurboLocked")
                    && c.message().startsWith("PowerNodeSettings "));
    assertThat(second.applied().clean()).isTrue();
    assertThat(second.plan().converged()).isTrue();
    assertThat(sysfs.cpu(4).scalingMaxKhz()).isEqualTo(2_100_000);
  }

  @Test
  void limitsClampWindowsAndAWindowTheyEmptyIsRefusedNotWidened() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    NodePools pools = pools(sysfs.model().online());
    TurboControl.Intent limits =
        new TurboControl.Intent(
            "node-1",
            Optional.of(
                new NodeSettings(
                    "limits",
                    NodeSettings.Turbo.UNCHANGED,
                    Optional.of(FrequencyBound.mhz(1200)),
                    Optional.of(FrequencyBound.mhz(3000)),
                    NodeSettings.Scope.TUNED_CPUS)));

    // When
    Tuner.Outcome outcome = converge(tuner, pools, limits);

    // Then: shared 1000-1500 → 1200-1500; 3300-3500 is above the limits' max: refused
    assertThat(sysfs.cpu(6).scalingMinKhz()).isEqualTo(1_200_000);
    assertThat(sysfs.cpu(6).scalingMaxKhz()).isEqualTo(1_500_000);
    assertThat(outcome.desires().get(4)).isInstanceOf(Desire.Refused.class);
    assertThat(((Desire.Refused) outcome.desires().get(4)).reason())
        .contains("lies outside PowerNodeSettings \"limits\" limits 1200-3000 MHz on cpu 4");
    assertThat(sysfs.cpu(4).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(800_000); // reserved: out of scope
    assertThat(outcome.turbo().refused()).containsOnlyKeys(2, 3, 4, 5);
    assertThat(TurboReport.conditions(outcome.turbo()))
        .filteredOn(c -> c.type().equals(TurboReport.NODE_SETTINGS_APPLIED))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isFalse();
              assertThat(c.reason()).isEqualTo("Refused");
              assertThat(c.message())
                  .startsWith("PowerNodeSettings limits: turbo on; cpus 2-5 refused: ");
            });
  }
}
