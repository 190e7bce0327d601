package io.powermanager.reconciler.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreNodeOutcome;
import io.powermanager.api.v1alpha1.UncoreSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UncoreStatusesTest {

  private static Uncore uncore(String name, Map<String, String> selector) {
    Uncore u = new Uncore();
    u.getMetadata().setName(name);
    u.getMetadata().setNamespace("power");
    u.setSpec(new UncoreSpec());
    u.getSpec().setNodeSelector(selector);
    u.getSpec().setSysMax(2_000_000L);
    return u;
  }

  private static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static NodeReport node(String name, Condition... conditions) {
    return new NodeReport(name, Map.of("pool", "web"), List.of(conditions));
  }

  @Test
  void aReportAboutAnotherObjectIsPendingNotApplied() {
    // Given: node-a's condition still speaks of the object it applied before
    Uncore web = uncore("web", Map.of("pool", "web"));
    NodeReport a =
        node(
            "node-a",
            condition(UncoreStatuses.NODE_CONDITION, "True", "Applied", "Uncore old holds on 1"));

    // When
    UncoreStatuses.Computed computed = UncoreStatuses.compute(web, List.of(web), List.of(a));

    // Then
    assertThat(computed.outcomes())
        .extracting(UncoreNodeOutcome::getOutcome)
        .containsExactly(UncoreNodeOutcome.PENDING);
    assertThat(computed.verdict().applied()).isFalse();
    assertThat(computed.verdict().reason()).isEqualTo("Pending");
  }

  @Test
  void aRefusalOnOneNodeMakesItNotAppliedAndSaysWhy() {
    // Given
    Uncore web = uncore("web", Map.of("pool", "web"));
    NodeReport a =
        node(
            "node-a",
            condition(UncoreStatuses.NODE_CONDITION, "True", "Clamped", "Uncore web: clamped"));
    NodeReport b =
        node(
            "node-b",
            condition(
                UncoreStatuses.NODE_CONDITION,
                "False",
                "Refused",
                "Uncore web: package_00_die_00: min above max"));

    // When
    UncoreStatuses.Computed computed = UncoreStatuses.compute(web, List.of(web), List.of(a, b));

    // Then
    assertThat(computed.nodes()).containsExactly("node-a", "node-b");
    assertThat(computed.outcomes())
        .extracting(UncoreNodeOutcome::getOutcome)
        .containsExactly(UncoreNodeOutcome.CLAMPED, UncoreNodeOutcome.REFUSED);
    assertThat(computed.verdict().message())
        .isEqualTo("node node-b: Refused: Uncore web: package_00_die_00: min above max");
  }
}
