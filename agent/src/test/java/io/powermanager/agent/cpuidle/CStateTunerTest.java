package io.powermanager.agent.cpuidle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.cstates.CStateRequest;
import io.powermanager.domain.cstates.CStatesConfig;
import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.tuning.PlannedWrite;
import io.powermanager.testkit.sysfs.EmulatedCrashException;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C-state layers through the tuner's one loop, on emulated sysfs trees. */
class CStateTunerTest {

  @TempDir Path stateDir;

  private static final String NODE = "node-1";
  private static final PowerProfile PERFORMANCE =
      new PowerProfile(
          "performance-node-1",
          Optional.of(io.powermanager.domain.power.FrequencyBound.mhz(3300)),
          Optional.of(io.powermanager.domain.power.FrequencyBound.mhz(3500)),
          Epp.PERFORMANCE,
          Optional.empty(),
          Optional.empty());
  private static final PowerProfile SHARED =
      new PowerProfile(
          "shared",
          Optional.of(io.powermanager.domain.power.FrequencyBound.mhz(1000)),
          Optional.of(io.powermanager.domain.power.FrequencyBound.mhz(1500)),
          Epp.POWER,
          Optional.empty(),
          Optional.empty());

  private static final Function<String, Optional<PowerProfile>> PROFILES =
      n -> Optional.ofNullable(Map.of(PERFORMANCE.name(), PERFORMANCE, "shared", SHARED).get(n));

  /** Intel v2.5's example for node-1, with CPU 5. */
  private static final CStatesConfig INTEL_EXAMPLE =
      new CStatesConfig(
          NODE,
          Map.of("C1", true),
          Map.of("performance", Map.of("C1", false)),
          Map.of(5, Map.of("C1", true, "C6", false)));

  private static SysfsPort port(EmulatedSysfs sysfs) {
    return SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists);
  }

  private Tuner tuner(EmulatedSysfs sysfs) throws Exception {
    SysfsPort port = port(sysfs);
    return new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
  }

  /** 0-1 reserved, the pod's CPUs on performance-node-1, the rest shared. */
  private static NodePools pools(CpuSet online, String exclusive) {
    List<ExclusiveClaim> claims =
        exclusive.isEmpty()
            ? List.of()
            : List.of(
                new ExclusiveClaim(
                    "default/example-power-pod/app",
                    CpuSet.parse(exclusive),
                    "performance-node-1"));
    return NodePools.assign(
        online, online.minus(CpuSet.parse("0-1")), claims, Optional.of("shared"));
  }

  private static CStateIntent intent(
      Map<String, CStateRequest> profiles, Optional<CStatesConfig> config) {
    return new CStateIntent(NODE, profiles, config, Optional.empty(), List.of());
  }

  private static Map<String, String> disableFiles(EmulatedSysfs sysfs) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String p : sysfs.paths()) {
      if (p.endsWith("/disable")) {
        out.put(p, sysfs.read(p).strip());
      }
    }
    return out;
  }

  private static List<String> idleWrites(EmulatedSysfs sysfs) {
    return sysfs.writeLog().stream()
        .filter(w -> w.path().contains("cpuidle"))
        .map(w -> w.path() + "=" + w.value())
        .toList();
  }

  @Test
  void intelsExampleChangesExactlyThoseDisableFilesOnThoseCpus() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Map<String, String> boot = disableFiles(sysfs);
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome =
        tuner.converge(
            pools(sysfs.model().online(), "2-3"),
            PROFILES,
            intent(Map.of(), Optional.of(INTEL_EXAMPLE)));

    // Then
    Map<String, String> now = disableFiles(sysfs);
    Map<String, String> changed = new TreeMap<>();
    now.forEach(
        (p, v) -> {
          if (!v.equals(boot.get(p))) {
            changed.put(p, v);
          }
        });
    assertThat(changed)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "cpu2/cpuidle/state1/disable", "1",
                    "cpu3/cpuidle/state1/disable", "1",
                    "cpu5/cpuidle/state3/disable", "1")));
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(tuner.snapshots().files())
        .containsOnlyKeys(
            "cpu2/cpuidle/state1/disable",
            "cpu3/cpuidle/state1/disable",
            "cpu5/cpuidle/state3/disable");
  }

  @Test
  void cstateWritesComeAfterTheCpusCpufreqWrites() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());

    // When
    Tuner.Outcome outcome =
        tuner(sysfs)
            .converge(
                pools(sysfs.model().online(), "2-3"),
                PROFILES,
                intent(
                    Map.of("performance-node-1", new CStateRequest.Names(Map.of("C1", false))),
                    Optional.empty()));

    // Then
    List<PlannedWrite> cpu2 = outcome.plan().writesOf(2);
    assertThat(cpu2.get(cpu2.size() - 1))
        .isEqualTo(PlannedWrite.file(2, Knob.CSTATE_DISABLE, "cpu2/cpuidle/state1/disable", "1"));
    assertThat(cpu2.subList(0, cpu2.size() - 1))
        .allSatisfy(w -> assertThat(w.knob()).isNotEqualTo(Knob.CSTATE_DISABLE));
  }

  @Test
  void podReleasedGetsTheSharedPoolsStatesAndObjectDeletedGivesBootValues() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Map<String, String> boot = disableFiles(sysfs);
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    CStatesConfig sharedOff =
        new CStatesConfig(
            NODE, Map.of("C6", false), Map.of("performance", Map.of("C1", false)), Map.of());
    tuner.converge(pools(online, "2-3"), PROFILES, intent(Map.of(), Optional.of(sharedOff)));

    // When: the pod goes
    tuner.converge(pools(online, ""), PROFILES, intent(Map.of(), Optional.of(sharedOff)));

    // Then
    for (int cpu = 2; cpu <= 7; cpu++) {
      assertThat(sysfs.cpu(cpu).idleStateDisabled("C1")).as("cpu%d C1", cpu).isFalse();
      assertThat(sysfs.cpu(cpu).idleStateDisabled("C6")).as("cpu%d C6", cpu).isTrue();
    }

    // When: the object goes
    sysfs.resetWriteCounts();
    Tuner.Outcome gone =
        tuner.converge(pools(online, ""), PROFILES, intent(Map.of(), Optional.empty()));

    // Then
    assertThat(disableFiles(sysfs)).isEqualTo(boot);
    assertThat(gone.plan().writes()).filteredOn(w -> w.knob() == Knob.CSTATE_DISABLE).hasSize(6);
  }

  @Test
  void convergedResyncWritesNothing() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    tuner.converge(pools(online, "2-3"), PROFILES, intent(Map.of(), Optional.of(INTEL_EXAMPLE)));
    sysfs.resetWriteCounts();

    // When
    Tuner.Outcome again =
        tuner.converge(
            pools(online, "2-3"), PROFILES, intent(Map.of(), Optional.of(INTEL_EXAMPLE)));

    // Then
    assertThat(again.plan().converged()).isTrue();
    assertThat(sysfs.writeCount()).isZero();
  }

  @Test
  void maxLatencyTenOnSapphireRapidsDisablesOnlyC6OnThePodsCpus() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());

    // When
    tuner(sysfs)
        .converge(
            pools(sysfs.model().online(), "2-3"),
            PROFILES,
            intent(
                Map.of("performance-node-1", new CStateRequest.MaxLatency(10)), Optional.empty()));

    // Then
    assertThat(idleWrites(sysfs))
        .containsExactly("cpu2/cpuidle/state3/disable=1", "cpu3/cpuidle/state3/disable=1");
  }

  @Test
  void maxLatencyOnHybridTurnsOffC8AndC10() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.hybrid());

    // When
    tuner(sysfs)
        .converge(
            pools(sysfs.model().online(), "2"),
            n -> Optional.empty(),
            intent(
                Map.of("performance-node-1", new CStateRequest.MaxLatency(250)), Optional.empty()));

    // Then
    assertThat(idleWrites(sysfs))
        .containsExactly("cpu2/cpuidle/state4/disable=1", "cpu2/cpuidle/state5/disable=1");
  }

  @Test
  void aStateOffAtBootStaysOffUnderALatencyBoundAndComesBackOffAfterBeingForcedOn()
      throws Exception {
    // Given: C1E disabled at boot
    EmulatedSysfs sysfs =
        EmulatedSysfs.inMemory(HardwareModel.small().withIdleStatesOffAtBoot("C1E"));
    Tuner tuner = tuner(sysfs);
    CpuSet online = sysfs.model().online();
    tuner.converge(
        pools(online, "2"),
        PROFILES,
        intent(Map.of("performance-node-1", new CStateRequest.MaxLatency(1000)), Optional.empty()));
    assertThat(sysfs.cpu(2).idleStateDisabled("C1E")).isTrue();
    tuner.converge(
        pools(online, "2"),
        PROFILES,
        intent(
            Map.of("performance-node-1", new CStateRequest.Names(Map.of("C1E", true))),
            Optional.empty()));
    assertThat(sysfs.cpu(2).idleStateDisabled("C1E")).isFalse();

    // When: the pod goes
    tuner.converge(pools(online, ""), PROFILES, intent(Map.of(), Optional.empty()));

    // Then
    assertThat(sysfs.cpu(2).idleStateDisabled("C1E")).isTrue();
    assertThat(sysfs.read("cpu2/cpuidle/state2/default_status").strip()).isEqualTo("disabled");
  }

  @Test
  void restoreAfterAKillMidWriteBringsEveryDisableFileToItsBootValue() throws Exception {
    // Given: the agent dies at its 3rd C-state write (writes 1-N are cpufreq and C-state)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Map<String, String> boot = disableFiles(sysfs);
    CpuSet online = sysfs.model().online();
    int[] idle = {0};
    sysfs.interceptor(
        (path, value) -> {
          if (path.contains("cpuidle") && ++idle[0] == 3) {
            throw new EmulatedCrashException(path);
          }
        });
    assertThatThrownBy(
            () ->
                tuner(sysfs)
                    .converge(
                        pools(online, "2-3"),
                        PROFILES,
                        intent(Map.of(), Optional.of(INTEL_EXAMPLE))))
        .isInstanceOf(EmulatedCrashException.class);
    sysfs.clearInterceptor();

    // When: a new agent converges, then is stopped (SIGTERM restores)
    Tuner restarted = tuner(sysfs);
    Tuner.Outcome outcome =
        restarted.converge(
            pools(online, "2-3"), PROFILES, intent(Map.of(), Optional.of(INTEL_EXAMPLE)));
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(restarted.snapshots().files()).containsValues("0").doesNotContainValue("1");
    Tuner.RestoreResult restored = Tuner.restore(port(sysfs), restarted.snapshots());

    // Then
    assertThat(restored.complete()).isTrue();
    assertThat(disableFiles(sysfs)).isEqualTo(boot);
    assertThat(restarted.snapshots().files()).isEmpty();
  }

  @Test
  void nodeWithoutCpuidleWritesNoIdleFileAndSaysWhy() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    SysfsPort port = port(sysfs);
    var facts = HardwareDiscovery.discover(port);
    var noIdle =
        new io.powermanager.agent.cpufreq.HardwareFacts(
            facts.online(),
            facts.cpus(),
            facts.topology(),
            facts.driver(),
            facts.governors(),
            facts.epps(),
            Optional.of("none"),
            facts.idleStates(),
            facts.uncore(),
            facts.missing());
    Tuner tuner = new Tuner(port, noIdle, SnapshotStore.open(stateDir));

    // When
    Tuner.Outcome outcome =
        tuner.converge(
            pools(sysfs.model().online(), "2-3"),
            PROFILES,
            intent(Map.of(), Optional.of(INTEL_EXAMPLE)));

    // Then
    assertThat(idleWrites(sysfs)).isEmpty();
    assertThat(outcome.idle().unsupported()).get().asString().contains("no cpuidle driver");
  }
}
