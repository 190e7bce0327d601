package io.powermanager.reconciler.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CStatesStatusesTest {

  private static CStates cstates(String name, boolean selector) {
    CStates c = new CStates();
    c.getMetadata().setName(name);
    c.setSpec(new CStatesSpec());
    if (selector) {
      c.getSpec()
          .setNodeSelector(new LabelSelectorBuilder().addToMatchLabels("pool", "web").build());
    }
    return c;
  }

  private static NodeReport applied(String node, String object) {
    return new NodeReport(
        node,
        Map.of("pool", "web"),
        List.of(
            new ConditionBuilder()
                .withType(CStatesStatuses.NODE_CONDITION)
                .withStatus("True")
                .withReason("Applied")
                .withMessage("CStates " + object + " and profile C-states applied on CPUs 2-7")
                .build()));
  }

  @Test
  void aNameTargetedObjectAppliesToItsNodeOnly() {
    // Given
    CStates nodeA = cstates("node-a", false);

    // When
    CStatesStatuses.Computed computed =
        CStatesStatuses.compute(
            nodeA, List.of(nodeA), List.of(applied("node-a", "node-a"), applied("node-b", "x")));

    // Then
    assertThat(computed.nodes()).containsExactly("node-a");
    assertThat(computed.verdict().applied()).isTrue();
  }

  @Test
  void aSelectorObjectThatAnotherObjectBeatsOnANodeIsNotAppliedThere() {
    // Given: "node-a", named after node-a, comes first there by name
    CStates web = cstates("web", true);
    CStates first = cstates("node-a", false);

    // When
    CStatesStatuses.Computed computed =
        CStatesStatuses.compute(
            web,
            List.of(web, first),
            List.of(applied("node-a", "node-a"), applied("node-b", "web")));

    // Then
    assertThat(computed.nodes()).containsExactly("node-a", "node-b");
    assertThat(computed.verdict().applied()).isFalse();
    assertThat(computed.verdict().message())
        .isEqualTo("node node-a: CStates node-a applies there (one object per node)");
  }

  @Test
  void aNameTargetedObjectWithoutItsPowerNodeAppliesNowhere() {
    // When
    CStatesStatuses.Computed computed =
        CStatesStatuses.compute(
            cstates("node-z", false), List.of(), List.of(applied("node-a", "node-a")));

    // Then
    assertThat(computed.nodes()).isEmpty();
    assertThat(computed.verdict().reason()).isEqualTo("NoNodes");
  }
}
