package io.powermanager.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-11-29T11:00:00Z");

  @Test
  void aNewConditionTransitionsNowToTheSecond() {
    // When
    List<Condition> merged =
        Conditions.merge(List.of(), List.of(Conditions.of("Ready", true, "Ok", "fine", 1L)), T0);

    // Then
    assertThat(merged)
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z"));
  }

  @Test
  void aNewReasonWithTheSameStatusKeepsTheTransitionTime() {
    // Given
    List<Condition> current =
        Conditions.merge(List.of(), List.of(Conditions.of("Ready", true, "Ok", "fine", 1L)), T0);

    // When
    List<Condition> merged =
        Conditions.merge(current, List.of(Conditions.of("Ready", true, "Better", "finer", 2L)), T1);

    // Then
    assertThat(merged)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("Better");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
            });
  }

  @Test
  void aFlippedStatusTransitionsAndOtherTypesStayInPlace() {
    // Given
    List<Condition> current =
        Conditions.merge(
            List.of(),
            List.of(
                Conditions.of("Custom", true, "X", "kept", 1L),
                Conditions.of("Ready", true, "Ok", "fine", 1L)),
            T0);

    // When
    List<Condition> merged =
        Conditions.merge(current, List.of(Conditions.of("Ready", false, "Broken", "no", 1L)), T1);

    // Then
    assertThat(merged).extracting(Condition::getType).containsExactly("Custom", "Ready");
    assertThat(Conditions.find(merged, "Ready").getLastTransitionTime())
        .isEqualTo("2026-11-29T11:00:00Z");
    assertThat(Conditions.find(merged, "Custom").getLastTransitionTime())
        .isEqualTo("2026-11-29T10:00:00Z");
  }

  @Test
  void sameIgnoresTheTransitionTimeButNotStatusReasonMessageOrGeneration() {
    // Given
    Condition want = Conditions.of("Applied", true, "Applied", "on node-1", 3L);
    Condition have =
        Conditions.merge(List.of(), List.of(want), Instant.parse("2026-01-01T00:00:00Z")).get(0);

    // Then
    assertThat(Conditions.same(have, want)).isTrue();
    assertThat(Conditions.same(null, want)).isFalse();
    assertThat(Conditions.same(have, Conditions.of("Applied", false, "Applied", "on node-1", 3L)))
        .isFalse();
    assertThat(Conditions.same(have, Conditions.of("Applied", true, "Pending", "on node-1", 3L)))
        .isFalse();
    assertThat(Conditions.same(have, Conditions.of("Applied", true, "Applied", "on node-2", 3L)))
        .isFalse();
    assertThat(Conditions.same(have, Conditions.of("Applied", true, "Applied", "on node-1", 4L)))
        .isFalse();
  }
}
