package io.powermanager.extender;

import static io.powermanager.extender.Fixtures.NOW;
import static io.powermanager.extender.Fixtures.boundTo;
import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static io.powermanager.extender.Fixtures.powerNode;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.extender.capacity.CapacityView;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FitTest {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());

  @Test
  void fitsANodeWithALiveAgentAndEnoughCpusLeft() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 8L), NOW);

    // Then
    assertThat(fit).isEqualTo(Fit.FITS);
  }

  @Test
  void rejectsANodeWithoutAPowerNodeAsUnresolvable() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("no power agent"));
  }

  @Test
  void rejectsANodeTheViewKnowsNothingAbout() {
    // When
    Fit fit = Fit.judge(view.node("node-x"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("no power agent"));
  }

  @Test
  void rejectsANodeWhoseAgentNeverBeat() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(powerNode("node-a", null));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("no power agent"));
  }

  @Test
  void rejectsANodeWhoseAgentIsSilentForLongerThanNinetySeconds() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(powerNode("node-a", NOW.minusSeconds(91)));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("power agent silent for 91s"));
  }

  @Test
  void saysHowLongInMinutesWhenTheAgentIsSilentForMinutes() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(powerNode("node-a", NOW.minusSeconds(600)));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("power agent silent for 10m"));
  }

  @Test
  void stillFitsWhenTheHeartbeatIsExactlyNinetySecondsOld() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(powerNode("node-a", NOW.minusSeconds(90)));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(Fit.FITS);
  }

  @Test
  void rejectsANodeThatDoesNotAdvertiseTheProfileAsUnresolvable() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "balance-power", 8));
    view.powerNodeChanged(liveAgent("node-a"));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit)
        .isEqualTo(new Fit.Unresolvable("profile \"performance\" is not offered on node node-a"));
  }

  @Test
  void rejectsANodeWithTooFewCpusLeftAsResolvableByPreemption() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 6));
    view.powerNodeChanged(liveAgent("node-a"));
    view.podChanged(boundTo(powerPod("other", "performance", 4), "node-a"));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 4L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unschedulable("needs 4 performance CPUs, 2 left"));
  }

  @Test
  void saysCpuInTheSingular() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 2));
    view.powerNodeChanged(liveAgent("node-a"));
    view.podChanged(boundTo(powerPod("other", "performance", 2), "node-a"));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 1L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unschedulable("needs 1 performance CPU, 0 left"));
  }

  @Test
  void treatsAskingForMoreThanTheNodeHasInAllAsUnresolvable() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 4));
    view.powerNodeChanged(liveAgent("node-a"));

    // When
    Fit fit = Fit.judge(view.node("node-a"), Map.of("performance", 6L), NOW);

    // Then
    assertThat(fit).isEqualTo(new Fit.Unresolvable("needs 6 performance CPUs, 4 left"));
  }

  @Test
  void requiresEveryProfileOfAPodAskingForSeveralAndNamesEachShortfall() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 4, "balance-power", 1));
    view.powerNodeChanged(liveAgent("node-a"));
    Map<String, Long> demand = new TreeMap<>(Map.of("performance", 2L, "balance-power", 1L));
    Map<String, Long> tooMuch = new TreeMap<>(Map.of("performance", 3L, "balance-power", 2L));
    Map<String, Long> missing = new TreeMap<>(Map.of("performance", 3L, "balance-performance", 1L));
    view.podChanged(boundTo(powerPod("other", "performance", 2), "node-a"));

    // When
    Fit fits = Fit.judge(view.node("node-a"), demand, NOW);
    Fit short2 = Fit.judge(view.node("node-a"), tooMuch, NOW);
    Fit absent = Fit.judge(view.node("node-a"), missing, NOW);

    // Then
    assertThat(fits).isEqualTo(Fit.FITS);
    assertThat(short2)
        .isEqualTo(
            new Fit.Unresolvable(
                "needs 2 balance-power CPUs, 1 left; needs 3 performance CPUs, 2 left"));
    assertThat(absent)
        .isEqualTo(
            new Fit.Unresolvable(
                "profile \"balance-performance\" is not offered on node node-a;"
                    + " needs 3 performance CPUs, 2 left"));
  }

  @Test
  void fitsEveryNodeForAPodAskingNoProfile() {
    // When
    Fit fit = Fit.judge(null, Map.of(), NOW);

    // Then
    assertThat(fit).isEqualTo(Fit.FITS);
  }
}
