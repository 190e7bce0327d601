package io.powermanager.domain.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.node.Heartbeat;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeCapacityTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String NODE = "node-a";

  @Test
  void advertisesEveryBaseProfileSizedByItsEppDefaultOverAllocatableCpus() {
    // Given
    NodeFacts node = liveNode(CpuSet.range(0, 63));
    List<ProfileOffer> offers =
        List.of(
            ProfileOffer.everywhere(BaseProfile.PERFORMANCE.asProfile()),
            ProfileOffer.everywhere(BaseProfile.BALANCE_PERFORMANCE.asProfile()),
            ProfileOffer.everywhere(BaseProfile.BALANCE_POWER.asProfile()));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, offers, NOW);

    // Then
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.ADVERTISED);
    assertThat(plan.resources())
        .containsExactly(
            Map.entry("power.intel.com/balance-performance", 38L),
            Map.entry("power.intel.com/balance-power", 51L),
            Map.entry("power.intel.com/performance", 25L));
  }

  @Test
  void advertisesTheNodesOwnExtendedProfileButNotAnotherNodes() {
    // Given
    NodeFacts node = liveNode(CpuSet.range(2, 11));
    List<ProfileOffer> offers =
        List.of(
            ProfileOffer.onlyOn(profile("performance-node-a", "performance", null), NODE),
            ProfileOffer.onlyOn(profile("performance-node-b", "performance", null), "node-b"));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, offers, NOW);

    // Then
    assertThat(plan.resources()).containsOnlyKeys("power.intel.com/performance-node-a");
    assertThat(plan.resources().get("power.intel.com/performance-node-a")).isEqualTo(4L);
  }

  @Test
  void usesTheProfilesOwnCpuCapacityForCustomProfiles() {
    // Given
    NodeFacts node = liveNode(CpuSet.range(0, 19));
    List<ProfileOffer> offers =
        List.of(
            ProfileOffer.everywhere(profile("turbo", "performance", "75%")),
            ProfileOffer.everywhere(profile("steady", "balance_power", "6")));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, offers, NOW);

    // Then
    assertThat(plan.resources())
        .containsExactly(
            Map.entry("power.intel.com/steady", 6L), Map.entry("power.intel.com/turbo", 15L));
  }

  @Test
  void neverAdvertisesSharedProfiles() {
    // Given
    NodeFacts node = liveNode(CpuSet.range(0, 7));
    List<ProfileOffer> offers =
        List.of(
            ProfileOffer.everywhere(profile("shared", "power", null)),
            ProfileOffer.everywhere(BaseProfile.PERFORMANCE.asProfile()));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, offers, NOW);

    // Then
    assertThat(plan.resources()).containsOnlyKeys("power.intel.com/performance");
  }

  @Test
  void advertisesZeroWhenTheCapacityRuleLeavesNoCpu() {
    // Given
    NodeFacts node = liveNode(CpuSet.of(5, 6));
    List<ProfileOffer> offers =
        List.of(ProfileOffer.everywhere(BaseProfile.PERFORMANCE.asProfile()));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, offers, NOW);

    // Then
    assertThat(plan.resources()).containsExactly(Map.entry("power.intel.com/performance", 0L));
  }

  @Test
  void advertisesNothingOnANodeTheConfigDoesNotSelect() {
    // Given
    NodeFacts node = new NodeFacts(NODE, false, Optional.of(NOW), Optional.of(CpuSet.range(0, 7)));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    assertThat(plan.resources()).isEmpty();
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.NOT_SELECTED);
    assertThat(plan.recheckAt()).isEmpty();
  }

  @Test
  void advertisesNothingWhereNoAgentHasReported() {
    // Given
    NodeFacts node = new NodeFacts(NODE, true, Optional.empty(), Optional.empty());

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    assertThat(plan.resources()).isEmpty();
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.NO_AGENT);
  }

  @Test
  void withdrawsEverythingWhenTheAgentHeartbeatIsStale() {
    // Given
    NodeFacts node =
        new NodeFacts(
            NODE, true, Optional.of(NOW.minusSeconds(91)), Optional.of(CpuSet.range(0, 7)));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    assertThat(plan.resources()).isEmpty();
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.AGENT_STALE);
    assertThat(plan.message()).contains("node-a").contains("91s");
    assertThat(plan.recheckAt()).isEmpty();
  }

  @Test
  void aHeartbeatExactlyAtTheStaleLimitStillCounts() {
    // Given
    NodeFacts node =
        new NodeFacts(
            NODE,
            true,
            Optional.of(NOW.minus(Heartbeat.STALE_AFTER)),
            Optional.of(CpuSet.range(0, 7)));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.ADVERTISED);
    assertThat(plan.recheckAt()).contains(NOW.plus(NodeCapacity.RECHECK_MARGIN));
  }

  @Test
  void asksToBeRecheckedJustAfterTheHeartbeatGoesStale() {
    // Given
    Instant beat = NOW.minusSeconds(30);
    NodeFacts node = new NodeFacts(NODE, true, Optional.of(beat), Optional.of(CpuSet.range(0, 7)));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    Instant deadline = plan.recheckAt().orElseThrow();
    assertThat(deadline).isEqualTo(beat.plus(Heartbeat.STALE_AFTER).plusMillis(1));
    assertThat(NodeCapacity.plan(node, allBaseProfiles(), deadline).reason())
        .isEqualTo(CapacityPlan.Reason.AGENT_STALE);
    assertThat(NodeCapacity.plan(node, allBaseProfiles(), deadline.minusMillis(1)).reason())
        .isEqualTo(CapacityPlan.Reason.ADVERTISED);
  }

  @Test
  void aHeartbeatFromAClockAheadOfOursCountsAsFresh() {
    // Given
    NodeFacts node =
        new NodeFacts(
            NODE, true, Optional.of(NOW.plus(Duration.ofMinutes(5))), Optional.of(CpuSet.of(1)));

    // When
    CapacityPlan plan = NodeCapacity.plan(node, allBaseProfiles(), NOW);

    // Then
    assertThat(plan.reason()).isEqualTo(CapacityPlan.Reason.ADVERTISED);
    assertThat(plan.recheckAt()).isPresent();
  }

  @Test
  void advertisesNothingBeforeTheAgentReportsAllocatableCpus() {
    // Given
    NodeFacts unreported = new NodeFacts(NODE, true, Optional.of(NOW), Optional.empty());
    NodeFacts none = new NodeFacts(NODE, true, Optional.of(NOW), Optional.of(CpuSet.empty()));

    // When
    CapacityPlan first = NodeCapacity.plan(unreported, allBaseProfiles(), NOW);
    CapacityPlan second = NodeCapacity.plan(none, allBaseProfiles(), NOW);

    // Then
    assertThat(first.resources()).isEmpty();
    assertThat(first.reason()).isEqualTo(CapacityPlan.Reason.NO_ALLOCATABLE_CPUS);
    assertThat(first.message()).contains("has not reported");
    assertThat(second.reason()).isEqualTo(CapacityPlan.Reason.NO_ALLOCATABLE_CPUS);
    assertThat(second.message()).contains("no allocatable CPUs");
  }

  private static NodeFacts liveNode(CpuSet allocatable) {
    return new NodeFacts(NODE, true, Optional.of(NOW.minusSeconds(5)), Optional.of(allocatable));
  }

  private static List<ProfileOffer> allBaseProfiles() {
    return List.of(
        ProfileOffer.everywhere(BaseProfile.PERFORMANCE.asProfile()),
        ProfileOffer.everywhere(BaseProfile.BALANCE_POWER.asProfile()));
  }

  private static PowerProfile profile(String name, String epp, String cpuCapacity) {
    return ((PowerProfile.Valid) PowerProfile.of(name, 1000L, 2000L, epp, null, cpuCapacity))
        .profile();
  }
}
