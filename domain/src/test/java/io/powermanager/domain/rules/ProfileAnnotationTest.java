package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.PodRulesTest.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileAnnotationTest {

  private static PodView annotated(ContainerView... containers) {
    return new PodView(
        "default",
        "p",
        Map.of("power.intel.com/profile", "performance"),
        List.of(containers),
        List.of());
  }

  @Test
  void addsTheProfileResourceToIntegerGuaranteedContainers() {
    // Given
    PodView pod =
        annotated(
            container("app", "2", "1Gi"),
            container("fractional", "500m", "1Gi"),
            container("has-one", "1", "1Gi", "balance-power", "1"));

    // When
    List<ContainerView> mutated = ProfileAnnotation.apply(pod);

    // Then
    assertThat(mutated.get(0).requests()).containsEntry("power.intel.com/performance", "2");
    assertThat(mutated.get(0).limits()).containsEntry("power.intel.com/performance", "2");
    assertThat(mutated.get(1)).isEqualTo(pod.containers().get(1));
    assertThat(mutated.get(2)).isEqualTo(pod.containers().get(2));
  }

  @Test
  void isIdempotent() {
    // Given
    PodView pod = annotated(container("app", "4", "1Gi"));
    PodView once = pod.withContainers(ProfileAnnotation.apply(pod));

    // When
    List<ContainerView> twice = ProfileAnnotation.apply(once);

    // Then
    assertThat(twice).isEqualTo(once.containers());
  }

  @Test
  void leavesPodsWithoutTheAnnotationAlone() {
    PodView pod = PodRulesTest.pod(container("app", "2", "1Gi"));
    assertThat(ProfileAnnotation.apply(pod)).isSameAs(pod.containers());
  }
}
