package io.powermanager.reconciler.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.reconciler.Fixtures;
import io.powermanager.reconciler.kube.Copies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedProfilePlanTest {

  /** cpuinfo 800–3800 MHz. */
  private static final HardwareRange NODE = HardwareRange.ofKhz(800_000, 3_800_000);

  @Test
  void derivesEachBaseProfilesWindowFromTheNodesHardware() {
    // Given
    List<PowerProfile> bases =
        List.of(
            base("performance", "performance"),
            base("balance-performance", "balance_performance"),
            base("balance-power", "balance_power"));

    // When
    var plan = ExtendedProfilePlan.forNode(powerNode("node-a"), NODE, bases, "power");

    // Then
    assertThat(plan.desired())
        .extracting(
            p ->
                p.getMetadata().getName()
                    + " "
                    + p.getSpec().getMin().getIntVal()
                    + "-"
                    + p.getSpec().getMax().getIntVal())
        .containsExactly(
            "balance-performance-node-a 2800-3000",
            "balance-power-node-a 2100-2300",
            "performance-node-a 3600-3800");
    assertThat(plan.tooLong()).isEmpty();
    assertThat(plan.invalidBases()).isEmpty();
  }

  @Test
  void labelsEachWithItsBaseAndNodeAndOwnsItByThePowerNode() {
    // Given
    PowerProfile base = base("performance", "performance");
    base.getSpec().setCpuCapacity(new IntOrString("50%"));

    // When
    PowerProfile extended =
        ExtendedProfilePlan.forNode(powerNode("node-a"), NODE, List.of(base), "power")
            .desired()
            .get(0);

    // Then
    assertThat(extended.getMetadata().getNamespace()).isEqualTo("power");
    assertThat(extended.getMetadata().getLabels())
        .containsEntry(PowerLabels.BASE_PROFILE, "performance")
        .containsEntry(PowerLabels.NODE, "node-a");
    assertThat(extended.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("PowerNode");
              assertThat(o.getName()).isEqualTo("node-a");
              assertThat(o.getUid()).isEqualTo("uid-node-a");
              assertThat(o.getController()).isTrue();
            });
    assertThat(extended.getSpec().getName()).isEqualTo("performance-node-a");
    assertThat(extended.getSpec().getEpp()).isEqualTo("performance");
    assertThat(extended.getSpec().getCpuCapacity()).isEqualTo(new IntOrString("50%"));
  }

  @Test
  void theUsersFrequenciesOnABaseProfileWin() {
    // Given
    PowerProfile base = Fixtures.profile("performance", null, 3000, "performance");
    base.getMetadata().setUid("uid");

    // When
    PowerProfile extended =
        ExtendedProfilePlan.forNode(powerNode("node-a"), NODE, List.of(base), "power")
            .desired()
            .get(0);

    // Then
    assertThat(extended.getSpec().getMax()).isEqualTo(new IntOrString(3000));
    assertThat(extended.getSpec().getMin()).isEqualTo(new IntOrString(2800));
  }

  @Test
  void sharedAndCustomProfilesAreNotExpanded() {
    // Given
    List<PowerProfile> profiles =
        List.of(base("performance", "power"), Fixtures.profile("turbo", 3000, 3800, "performance"));

    // When / Then
    assertThat(ExtendedProfilePlan.forNode(powerNode("node-a"), NODE, profiles, "power").desired())
        .isEmpty();
  }

  @Test
  void anInvalidBaseIsReportedWithEveryReason() {
    // Given
    PowerProfile broken = Fixtures.profile("performance", 3000, 2000, "turbo");

    // When
    var plan = ExtendedProfilePlan.forNode(powerNode("node-a"), NODE, List.of(broken), "power");

    // Then
    assertThat(plan.desired()).isEmpty();
    assertThat(plan.invalidBases())
        .singleElement()
        .satisfies(
            bad ->
                assertThat(bad.reasons())
                    .contains("spec.min: min 3000 MHz is above max 2000 MHz")
                    .contains("spec.epp"));
  }

  @Test
  void namesLongerThanAProfileNameMayBeAreReportedNotPlanned() {
    // Given
    String node = "n".repeat(50);

    // When
    var plan =
        ExtendedProfilePlan.forNode(
            powerNode(node),
            NODE,
            List.of(base("performance", "performance"), base("balance-power", "balance_power")),
            "power");

    // Then: performance-<50> has 62 characters, balance-power-<50> 64
    assertThat(plan.desired())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("performance-" + node);
    assertThat(plan.tooLong()).containsExactly("balance-power-" + node);
  }

  @Test
  void convergedWhenSpecLabelsAndOwnerMatch() {
    // Given
    PowerProfile want =
        ExtendedProfilePlan.forNode(
                powerNode("node-a"), NODE, List.of(base("performance", "performance")), "power")
            .desired()
            .get(0);
    PowerProfile have = Copies.of(want);
    have.getMetadata().setResourceVersion("5");
    have.getMetadata().getLabels().put("extra", "kept");

    // When / Then
    assertThat(ExtendedProfilePlan.converged(want, have)).isTrue();
    have.getSpec().setMax(new IntOrString(3700));
    assertThat(ExtendedProfilePlan.converged(want, have)).isFalse();
  }

  @Test
  void anAdoptedProfileGetsTheSpecLabelsAndOwner() {
    // Given: the seed's example profile, applied by hand
    PowerProfile want =
        ExtendedProfilePlan.forNode(
                powerNode("example-node"),
                NODE,
                List.of(base("performance", "performance")),
                "power")
            .desired()
            .get(0);
    PowerProfile byHand = Fixtures.profile("performance-example-node", 3300, 3700, "performance");

    // When
    PowerProfile updated = ExtendedProfilePlan.updated(Copies.of(byHand), want);

    // Then
    assertThat(ExtendedProfilePlan.converged(want, updated)).isTrue();
    assertThat(updated.getSpec().getMax()).isEqualTo(new IntOrString(3800));
  }

  @Test
  void onlyProfilesThisReconcilerMadeAreManaged() {
    // Given one it made, and a user's with the same labels but no controller
    PowerProfile made =
        ExtendedProfilePlan.forNode(
                powerNode("node-a"), NODE, List.of(base("performance", "performance")), "power")
            .desired()
            .get(0);
    PowerProfile users = Copies.of(made);
    users.getMetadata().setOwnerReferences(List.of());

    // When / Then
    assertThat(ExtendedProfilePlan.isManaged(made)).isTrue();
    assertThat(ExtendedProfilePlan.isManaged(users)).isFalse();
  }

  private static PowerNode powerNode(String node) {
    PowerNode pn = new PowerNode();
    pn.setMetadata(
        new ObjectMetaBuilder()
            .withName(node)
            .withNamespace("power")
            .withUid("uid-" + node)
            .build());
    pn.setSpec(new PowerNodeSpec(node));
    return pn;
  }

  private static PowerProfile base(String name, String epp) {
    PowerProfile p = Fixtures.profile(name, null, null, epp);
    p.getMetadata().setUid("uid-" + name);
    return p;
  }
}
