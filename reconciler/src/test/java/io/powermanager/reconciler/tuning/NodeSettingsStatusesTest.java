package io.powermanager.reconciler.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.powermanager.api.v1alpha1.NodeSettingsOutcome;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSettingsStatusesTest {

  private static PowerNodeSettings settings(String name, String pool) {
    PowerNodeSettings s = new PowerNodeSettings();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace("power");
    s.setSpec(new PowerNodeSettingsSpec());
    s.getSpec()
        .setNodeSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("pool", pool)).build());
    s.getSpec().setTurbo(PowerNodeSettingsSpec.Turbo.Disabled);
    return s;
  }

  private static Condition applied(String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(NodeSettingsStatuses.NODE_CONDITION)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static NodeReport node(String name, String pool, Boolean turbo, Condition... c) {
    return new NodeReport(name, Map.of("pool", pool), List.of(c), Optional.ofNullable(turbo));
  }

  @Test
  void everySelectedNodeApplyingItMakesItAppliedWithEachNodesTurboState() {
    // Given
    PowerNodeSettings noTurbo = settings("no-turbo", "web");
    NodeReport a =
        node("node-a", "web", false, applied("True", "Applied", "PowerNodeSettings no-turbo: off"));
    NodeReport b =
        node(
            "node-b",
            "web",
            false,
            applied("True", "Clamped", "PowerNodeSettings no-turbo: turbo off; cpus 4 clamped"));
    NodeReport other = node("node-c", "db", true);

    // When
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(noTurbo, List.of(noTurbo), List.of(a, b, other));

    // Then
    assertThat(computed.nodes()).containsExactly("node-a", "node-b");
    assertThat(computed.outcomes())
        .extracting(
            NodeSettingsOutcome::getNode,
            NodeSettingsOutcome::getOutcome,
            NodeSettingsOutcome::getTurbo,
            NodeSettingsOutcome::getMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node-a", NodeSettingsOutcome.APPLIED, "Off", null),
            org.assertj.core.groups.Tuple.tuple(
                "node-b",
                NodeSettingsOutcome.CLAMPED,
                "Off",
                "PowerNodeSettings no-turbo: turbo off; cpus 4 clamped"));
    assertThat(computed.verdict())
        .isEqualTo(new AppliedVerdict(true, "Applied", "applied on node node-a, node-b"));
  }

  @Test
  void aLockedOrRefusingNodeMakesItNotAppliedAndSaysWhy() {
    // Given
    PowerNodeSettings turboOn = settings("turbo-on", "web");
    NodeReport locked =
        node(
            "node-a",
            "web",
            false,
            applied("False", "TurboLocked", "PowerNodeSettings turbo-on: turbo off; firmware"));
    NodeReport refusing =
        node(
            "node-b",
            "web",
            true,
            applied("False", "Refused", "PowerNodeSettings turbo-on: turbo on; cpus 2 refused"));
    NodeReport silent = node("node-c", "web", null);

    // When
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(turboOn, List.of(turboOn), List.of(locked, refusing, silent));

    // Then
    assertThat(computed.outcomes())
        .extracting(NodeSettingsOutcome::getOutcome)
        .containsExactly(
            NodeSettingsOutcome.TURBO_LOCKED,
            NodeSettingsOutcome.REFUSED,
            NodeSettingsOutcome.PENDING);
    assertThat(computed.verdict().applied()).isFalse();
    assertThat(computed.verdict().reason()).isEqualTo("NotApplied");
    assertThat(computed.verdict().message())
        .isEqualTo(
            "node node-a: TurboLocked: PowerNodeSettings turbo-on: turbo off; firmware; "
                + "node node-b: Refused: PowerNodeSettings turbo-on: turbo on; cpus 2 refused; "
                + "not yet reported by node node-c");
  }

  @Test
  void aNodeReportAboutAnotherObjectIsPending() {
    // Given: the agent still names the object it applied before
    PowerNodeSettings web = settings("web", "web");
    NodeReport a =
        node("node-a", "web", true, applied("True", "Applied", "PowerNodeSettings webby: on"));

    // When
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(web, List.of(web), List.of(a));

    // Then
    assertThat(computed.outcomes())
        .extracting(NodeSettingsOutcome::getOutcome)
        .containsExactly(NodeSettingsOutcome.PENDING);
    assertThat(computed.verdict().reason()).isEqualTo("Pending");
  }

  @Test
  void theSecondObjectByNameOnANodeIsSupersededThere() {
    // Given
    PowerNodeSettings first = settings("a-first", "web");
    PowerNodeSettings second = settings("b-second", "web");
    NodeReport a =
        node("node-a", "web", false, applied("True", "Applied", "PowerNodeSettings a-first: off"));

    // When
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(second, List.of(second, first), List.of(a));

    // Then
    assertThat(computed.outcomes().get(0).getOutcome()).isEqualTo(NodeSettingsOutcome.SUPERSEDED);
    assertThat(computed.outcomes().get(0).getMessage()).contains("PowerNodeSettings a-first");
    assertThat(computed.verdict().reason()).isEqualTo("NotApplied");
  }

  @Test
  void aSelectorMatchingNoPowerNodeSaysSo() {
    // Given
    PowerNodeSettings nowhere = settings("nowhere", "gpu");

    // When
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(
            nowhere, List.of(nowhere), List.of(node("node-a", "web", true)));

    // Then
    assertThat(computed.nodes()).isEmpty();
    assertThat(computed.verdict())
        .isEqualTo(new AppliedVerdict(false, "NoNodes", "nodeSelector selects no power node"));
  }
}
