package io.powermanager.agent.cpuidle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.domain.cstates.CStateRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CStateIntentTest {

  static PowerProfile profile(String name, Map<String, String> labels, ProfileCStates cstates) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setEpp("performance");
    spec.setCstates(cstates);
    p.setSpec(spec);
    return p;
  }

  static CStates cstates(String name, Map<String, String> selector) {
    CStates c = new CStates();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    CStatesSpec spec = new CStatesSpec();
    spec.setSharedPoolCStates(Map.of("C6", false));
    if (selector != null) {
      spec.setNodeSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    }
    c.setSpec(spec);
    return c;
  }

  @Test
  void perNodeProfileWithoutItsOwnCStatesInheritsItsBases() {
    // Given
    var base = profile("performance", Map.of(), new ProfileCStates(null, 10L));
    var extended =
        profile(
            "performance-node-1",
            Map.of(PowerLabels.BASE_PROFILE, "performance", PowerLabels.NODE, "node-1"),
            null);

    // When
    CStateIntent intent =
        CStateIntent.compute("node-1", Map.of(), List.of(base, extended), List.of());

    // Then
    assertThat(intent.profiles())
        .containsEntry("performance-node-1", new CStateRequest.MaxLatency(10))
        .containsEntry("performance", new CStateRequest.MaxLatency(10));
  }

  @Test
  void aProfileWithBothFieldsAsksNothing() {
    // Given
    var both = profile("odd", Map.of(), new ProfileCStates(Map.of("C6", false), 10L));

    // When
    CStateIntent intent = CStateIntent.compute("node-1", Map.of(), List.of(both), List.of());

    // Then
    assertThat(intent.asksAnything()).isFalse();
  }

  @Test
  void appliesTheObjectNamedAfterTheNodeOrSelectingItAndReportsASecondOne() {
    // Given
    var named = cstates("node-1", null);
    var selecting = cstates("all-telco", Map.of("telco", "true"));
    var elsewhere = cstates("node-2", null);

    // When
    CStateIntent intent =
        CStateIntent.compute(
            "node-1", Map.of("telco", "true"), List.of(), List.of(named, selecting, elsewhere));

    // Then
    assertThat(intent.config()).get().extracting(c -> c.name()).isEqualTo("all-telco");
    assertThat(intent.problems())
        .containsExactly(
            "CStates [all-telco, node-1] all target node node-1; only all-telco (alphabetically"
                + " first) is applied");
  }
}
