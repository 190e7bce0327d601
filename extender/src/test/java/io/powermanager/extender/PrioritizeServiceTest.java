package io.powermanager.extender;

import static io.powermanager.extender.Fixtures.boundTo;
import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static io.powermanager.extender.Fixtures.plainPod;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.HostPriority;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrioritizeServiceTest {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());

  @BeforeEach
  void nodes() {
    // node-a: 8 of 8 free; node-c: 4 of 8 free; node-b: no agent
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));
    view.nodeChanged(nodeWithProfiles("node-c", "performance", 8));
    view.powerNodeChanged(liveAgent("node-c"));
    view.podChanged(boundTo(powerPod("other", "performance", 4), "node-c"));
    view.nodeChanged(nodeWithProfiles("node-b", "performance", 8));
  }

  @Test
  void spreadPrefersTheNodeWithMoreHeadroomAndScoresUnfitNodesZero() {
    // Given
    PrioritizeService spread = new PrioritizeService(view, ScorePolicy.SPREAD);

    // When
    List<HostPriority> scores =
        spread.prioritize(
            ExtenderArgs.ofNames(
                powerPod("web", "performance", 2), List.of("node-a", "node-c", "node-b")));

    // Then
    assertThat(scores)
        .containsExactly(
            new HostPriority("node-a", 8),
            new HostPriority("node-c", 3),
            new HostPriority("node-b", 0));
  }

  @Test
  void binpackPrefersTheNodeWithLessHeadroom() {
    // Given
    PrioritizeService binpack = new PrioritizeService(view, ScorePolicy.BINPACK);

    // When
    List<HostPriority> scores =
        binpack.prioritize(
            ExtenderArgs.ofNames(
                powerPod("web", "performance", 2), List.of("node-a", "node-c", "node-b")));

    // Then
    assertThat(scores)
        .containsExactly(
            new HostPriority("node-a", 2),
            new HostPriority("node-c", 7),
            new HostPriority("node-b", 0));
  }

  @Test
  void givesEveryNodeTheNeutralScoreForAPodAskingNoProfile() {
    // Given
    PrioritizeService spread = new PrioritizeService(view, ScorePolicy.SPREAD);

    // When
    List<HostPriority> scores =
        spread.prioritize(ExtenderArgs.ofNames(plainPod("web"), List.of("node-a", "node-b")));

    // Then
    assertThat(scores)
        .containsExactly(new HostPriority("node-a", 0), new HostPriority("node-b", 0));
  }

  @Test
  void scoresNothingWhileTheCacheIsNotSynced() {
    // Given
    view.syncedWhen(() -> false);
    PrioritizeService spread = new PrioritizeService(view, ScorePolicy.SPREAD);

    // When
    List<HostPriority> scores =
        spread.prioritize(
            ExtenderArgs.ofNames(powerPod("web", "performance", 2), List.of("node-a")));

    // Then
    assertThat(scores).isEmpty();
  }
}
