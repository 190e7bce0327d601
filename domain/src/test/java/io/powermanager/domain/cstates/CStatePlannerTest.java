package io.powermanager.domain.cstates;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CStatePlannerTest {

  static final List<IdleState> SPR =
      List.of(
          new IdleState(0, "POLL", 0),
          new IdleState(1, "C1", 1),
          new IdleState(2, "C1E", 2),
          new IdleState(3, "C6", 290));

  static final List<IdleState> ADL =
      List.of(
          new IdleState(0, "POLL", 0),
          new IdleState(1, "C1", 1),
          new IdleState(2, "C1E", 2),
          new IdleState(3, "C6", 220),
          new IdleState(4, "C8", 280),
          new IdleState(5, "C10", 680));

  /** 8 CPUs, 0-1 reserved, 2-3 exclusive on performance-node-1, the rest shared. */
  static NodePools seedPools(String exclusive) {
    List<ExclusiveClaim> claims =
        exclusive.isEmpty()
            ? List.of()
            : List.of(
                new ExclusiveClaim(
                    "default/pod/app", CpuSet.parse(exclusive), "performance-node-1"));
    return NodePools.assign(
        CpuSet.parse("0-7"), CpuSet.parse("2-7"), claims, Optional.of("shared"));
  }

  static Map<Integer, CStatePlanner.CpuIdle> allEnabled(List<IdleState> table, String cpus) {
    Map<Integer, CStatePlanner.CpuIdle> out = new TreeMap<>();
    for (int cpu : CpuSet.parse(cpus)) {
      Map<Integer, Boolean> disabled = new TreeMap<>();
      table.forEach(s -> disabled.put(s.index(), false));
      out.put(cpu, new CStatePlanner.CpuIdle(table, disabled));
    }
    return out;
  }

  static Function<String, Optional<CStateRequest>> profiles(Map<String, CStateRequest> byName) {
    return n -> Optional.ofNullable(byName.get(n));
  }

  static final Function<String, Optional<CStateRequest>> NO_PROFILES = n -> Optional.empty();

  static PlannedWrite disable(int cpu, int state, String value) {
    return PlannedWrite.file(
        cpu, Knob.CSTATE_DISABLE, "cpu" + cpu + "/cpuidle/state" + state + "/disable", value);
  }

  /** Intel v2.5's example, with CPU 5. */
  static CStatesConfig intelExample() {
    return new CStatesConfig(
        "node-1",
        Map.of("C1", true),
        Map.of("performance", Map.of("C1", false)),
        Map.of(5, Map.of("C1", true, "C6", false)));
  }

  @Test
  void profileNamesDisableOnlyThatStateOnTheProfilesCpus() {
    // Given
    var profiles =
        profiles(Map.of("performance-node-1", new CStateRequest.Names(Map.of("C6", false))));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            allEnabled(SPR, "0-7"),
            Map.of(),
            profiles,
            Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 3, "1"), disable(3, 3, "1"));
  }

  @Test
  void convergedCpusPlanNoWrite() {
    // Given
    var observed = allEnabled(SPR, "0-7");
    observed.put(2, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, false, 3, true)));
    observed.put(3, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, false, 3, true)));
    var profiles =
        profiles(Map.of("performance-node-1", new CStateRequest.Names(Map.of("C6", false))));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1", seedPools("2-3"), observed, Map.of(), profiles, Optional.empty());

    // Then
    assertThat(plan.writes()).isEmpty();
  }

  @Test
  void maxLatencyDisablesOnlyStatesAboveTheBound() {
    // Given
    var profiles = profiles(Map.of("performance-node-1", new CStateRequest.MaxLatency(10)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            allEnabled(SPR, "0-7"),
            Map.of(),
            profiles,
            Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 3, "1"), disable(3, 3, "1"));
    assertThat(plan.desired().get(2)).containsEntry("C1E", false).containsEntry("C6", true);
  }

  @Test
  void maxLatencyOnHybridDisablesC8AndC10() {
    // Given
    var profiles = profiles(Map.of("performance-node-1", new CStateRequest.MaxLatency(250)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1", seedPools("2"), allEnabled(ADL, "2"), Map.of(), profiles, Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 4, "1"), disable(2, 5, "1"));
  }

  @Test
  void maxLatencyKeepsAStateDisabledAtBootOff() {
    // Given: C1E disabled at boot on cpu 2
    var observed =
        Map.of(2, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, true, 3, false)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2"),
            observed,
            Map.of(),
            profiles(Map.of("performance-node-1", new CStateRequest.MaxLatency(1000))),
            Optional.empty());

    // Then
    assertThat(plan.writes()).isEmpty();
    assertThat(plan.desired().get(2)).containsEntry("C1E", true);
  }

  @Test
  void namesForceABootDisabledStateOnAndReleaseTurnsItBackOff() {
    // Given: C1E was disabled at boot; the agent enabled it (snapshot holds 1)
    var observed =
        Map.of(2, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, false, 3, false)));
    var snapshot = Map.of("cpu2/cpuidle/state2/disable", "1");

    // When: the pod is gone, cpu 2 is shared with no C-state layer
    var plan =
        CStatePlanner.plan(
            "node-1", seedPools(""), observed, snapshot, NO_PROFILES, Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 2, "1"));
  }

  @Test
  void namesCanForceAStateOn() {
    // Given
    var observed =
        Map.of(2, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, true, 3, false)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2"),
            observed,
            Map.of(),
            profiles(Map.of("performance-node-1", new CStateRequest.Names(Map.of("C1E", true)))),
            Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 2, "0"));
  }

  @Test
  void intelExampleChangesExactlyTheExclusiveAndIndividualFiles() {
    // Given: everything enabled at boot; sharedPool C1 on is already true

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            allEnabled(SPR, "0-7"),
            Map.of(),
            NO_PROFILES,
            Optional.of(intelExample()));

    // Then
    assertThat(plan.writes())
        .containsExactly(disable(2, 1, "1"), disable(3, 1, "1"), disable(5, 3, "1"));
  }

  @Test
  void objectLayerWinsOverProfileAndIndividualWinsOverBoth() {
    // Given: profile disables C1 and C6; the object's exclusive pool turns C1 back on; cpu 3
    // individually disables C1 again and enables C6
    var profiles =
        profiles(
            Map.of(
                "performance-node-1", new CStateRequest.Names(Map.of("C1", false, "C6", false))));
    var config =
        new CStatesConfig(
            "node-1",
            Map.of(),
            Map.of("performance", Map.of("C1", true)),
            Map.of(3, Map.of("C1", false, "C6", true)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            allEnabled(SPR, "2-3"),
            Map.of(),
            profiles,
            Optional.of(config));

    // Then
    assertThat(plan.desired().get(2)).containsEntry("C1", false).containsEntry("C6", true);
    assertThat(plan.desired().get(3)).containsEntry("C1", true).containsEntry("C6", false);
    assertThat(plan.writes()).containsExactly(disable(2, 3, "1"), disable(3, 1, "1"));
  }

  @Test
  void exactProfileKeyWinsOverItsBaseName() {
    // Given
    var config =
        new CStatesConfig(
            "node-1",
            Map.of(),
            Map.of("performance", Map.of("C1", false), "performance-node-1", Map.of("C6", false)),
            Map.of());

    // When
    var layers =
        CStatePlanner.layers(
            2,
            new io.powermanager.domain.pool.Pool.Exclusive("performance-node-1"),
            "node-1",
            NO_PROFILES,
            Optional.of(config));

    // Then
    assertThat(layers)
        .singleElement()
        .extracting(l -> l.request().toString())
        .isEqualTo("{C6=false}");
  }

  @Test
  void individualCoreAppliesToReservedCpus() {
    // Given
    var config =
        new CStatesConfig("node-1", Map.of("C6", false), Map.of(), Map.of(0, Map.of("C6", false)));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools(""),
            allEnabled(SPR, "0-1"),
            Map.of(),
            NO_PROFILES,
            Optional.of(config));

    // Then: cpu 0 by its own entry; cpu 1 is reserved, so the shared pool's states never reach it
    assertThat(plan.writes()).containsExactly(disable(0, 3, "1"));
  }

  @Test
  void sharedPoolLayerAppliesOnlyToSharedCpus() {
    // Given
    var config = new CStatesConfig("node-1", Map.of("C6", false), Map.of(), Map.of());

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            allEnabled(SPR, "0-7"),
            Map.of(),
            NO_PROFILES,
            Optional.of(config));

    // Then
    assertThat(plan.writes()).extracting(PlannedWrite::cpu).containsExactly(4, 5, 6, 7);
  }

  @Test
  void deletedObjectBringsEveryFileBackToTheSnapshot() {
    // Given: cpus 2 and 5 were changed; their originals are in the snapshot
    var observed = allEnabled(SPR, "0-7");
    observed.put(2, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, true, 2, false, 3, false)));
    observed.put(5, new CStatePlanner.CpuIdle(SPR, Map.of(0, false, 1, false, 2, false, 3, true)));
    var snapshot = Map.of("cpu2/cpuidle/state1/disable", "0", "cpu5/cpuidle/state3/disable", "0");

    // When
    var plan =
        CStatePlanner.plan(
            "node-1", seedPools("2-3"), observed, snapshot, NO_PROFILES, Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 1, "0"), disable(5, 3, "0"));
  }

  @Test
  void cpuWithDifferentTableUsesItsOwnIndices() {
    // Given: cpu 3's table has no C1E, so C6 is state2 there
    List<IdleState> short3 =
        List.of(
            new IdleState(0, "POLL", 0), new IdleState(1, "C1", 1), new IdleState(2, "C6", 290));
    var observed = allEnabled(SPR, "2");
    observed.putAll(allEnabled(short3, "3"));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools("2-3"),
            observed,
            Map.of(),
            profiles(Map.of("performance-node-1", new CStateRequest.Names(Map.of("C6", false)))),
            Optional.empty());

    // Then
    assertThat(plan.writes()).containsExactly(disable(2, 3, "1"), disable(3, 2, "1"));
  }

  @Test
  void cstateWritesFollowTheCpusCpufreqWrites() {
    // Given
    var freq2 = new PlannedWrite(2, Knob.GOVERNOR, "performance");
    var freq4 = new PlannedWrite(4, Knob.MAX_FREQ, "3000000");
    var node = PlannedWrite.file(PlannedWrite.NODE, Knob.TURBO, "intel_pstate/no_turbo", "0");

    // When
    var merged =
        CStatePlanner.afterCpufreq(
            List.of(freq2, freq4, node),
            List.of(
                disable(1, 3, "1"), disable(2, 3, "1"), disable(4, 3, "1"), disable(6, 3, "1")));

    // Then
    assertThat(merged)
        .containsExactly(
            disable(1, 3, "1"),
            freq2,
            disable(2, 3, "1"),
            freq4,
            disable(4, 3, "1"),
            node,
            disable(6, 3, "1"));
  }

  @Test
  void aScheduleLayerComesAfterTheObjectItLiesOnSoItWinsPerState() {
    // Given
    var layer =
        new CStatesConfig(
                "PowerSchedule power/peak entries[0].cstates",
                Map.of("C6", true, "C1E", false),
                Map.of(),
                Map.of())
            .over(
                Optional.of(new CStatesConfig("node-1", Map.of("C6", false), Map.of(), Map.of())));

    // When
    var plan =
        CStatePlanner.plan(
            "node-1",
            seedPools(""),
            allEnabled(SPR, "4"),
            Map.of(),
            NO_PROFILES,
            Optional.of(layer));

    // Then: C6 stays enabled (the layer's), C1E is disabled
    assertThat(plan.layered().get(4))
        .extracting(CStateLayer::source)
        .containsExactly(
            "CStates node-1 sharedPoolCStates",
            "CStates PowerSchedule power/peak entries[0].cstates sharedPoolCStates");
    assertThat(plan.desired().get(4)).containsEntry("C6", false).containsEntry("C1E", true);
    assertThat(plan.writes()).containsExactly(disable(4, 2, "1"));
  }
}
