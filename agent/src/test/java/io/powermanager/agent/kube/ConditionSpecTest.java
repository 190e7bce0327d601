package io.powermanager.agent.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionSpecTest {

  @Test
  void keepsTheTransitionTimeWhileTheStatusStays() {
    // Given
    Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
    List<Condition> first =
        ConditionSpec.merge(List.of(), List.of(ConditionSpec.isTrue("Ready", "A", "a")), t0, 1L);

    // When
    List<Condition> same =
        ConditionSpec.merge(
            first, List.of(ConditionSpec.isTrue("Ready", "B", "b")), t0.plusSeconds(60), 1L);
    List<Condition> flipped =
        ConditionSpec.merge(
            same, List.of(ConditionSpec.isFalse("Ready", "C", "c")), t0.plusSeconds(120), 2L);

    // Then
    assertThat(same.get(0).getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(same.get(0).getReason()).isEqualTo("B");
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-11-29T10:02:00Z");
    assertThat(flipped.get(0).getStatus()).isEqualTo("False");
    assertThat(flipped.get(0).getObservedGeneration()).isEqualTo(2L);
  }
}
