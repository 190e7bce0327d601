package io.powermanager.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.reconciler.config.ConfigTriggers;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.profile.ProfileTriggers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update filters that keep heartbeats and status writes from waking controllers. */
class TriggersTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void aHeartbeatDoesNotChangeTheHardware() {
    // Given
    PowerNode before = powerNode(NOW);
    PowerNode after = powerNode(NOW.plusSeconds(30));

    // When / Then
    assertThat(ProfileTriggers.hardwareChanged(before, after)).isFalse();
    after.getStatus().getHardware().setCoreTypes(List.of(new CoreType("0-7", 800, 3500, null)));
    assertThat(ProfileTriggers.hardwareChanged(before, after)).isTrue();
  }

  @Test
  void aStatusOnlyWriteIsNotAConfigChange() {
    // Given
    PowerConfig before = Fixtures.seedConfig();
    PowerConfig after = Copies.of(before);
    after.setStatus(new io.powermanager.api.v1alpha1.PowerConfigStatus());
    after.getStatus().setNodes(List.of("node-a"));

    // When / Then
    assertThat(ConfigTriggers.configChanged(before, after)).isFalse();
    after.getSpec().setPowerProfiles(List.of("performance", "balance-power"));
    assertThat(ConfigTriggers.configChanged(before, after)).isTrue();
  }

  @Test
  void onlyNodeLabelsMatterToTheSelection() {
    // Given
    Node before = Fixtures.node("node-a", true, 8);
    Node capacityChanged =
        new NodeBuilder(before).editStatus().addToCapacity("x/y", null).endStatus().build();
    Node relabelled =
        new NodeBuilder(before)
            .editMetadata()
            .withLabels(Map.of("other", "x"))
            .endMetadata()
            .build();

    // When / Then
    assertThat(ConfigTriggers.labelsChanged(before, capacityChanged)).isFalse();
    assertThat(ConfigTriggers.labelsChanged(before, relabelled)).isTrue();
  }

  @Test
  void aProfileChangesWithItsGenerationLabelsOrOwners() {
    // Given
    PowerProfile before = Fixtures.profile("performance", null, null, "performance");
    before.getMetadata().setGeneration(1L);
    PowerProfile same = Copies.of(before);
    same.getMetadata().setResourceVersion("9");
    PowerProfile respecified = Copies.of(before);
    respecified.getMetadata().setGeneration(2L);
    PowerProfile relabelled = Copies.of(before);
    relabelled.getMetadata().setLabels(Map.of("a", "b"));

    // When / Then
    assertThat(ProfileTriggers.objectChanged(before, same)).isFalse();
    assertThat(ProfileTriggers.objectChanged(before, respecified)).isTrue();
    assertThat(ProfileTriggers.objectChanged(before, relabelled)).isTrue();
  }

  private static PowerNode powerNode(Instant beat) {
    PowerNode pn = new PowerNode();
    pn.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("node-a")
            .withNamespace("power")
            .build());
    pn.setSpec(new io.powermanager.api.v1alpha1.PowerNodeSpec("node-a"));
    pn.setStatus(Fixtures.agentStatus(beat, "2-7"));
    return pn;
  }
}
