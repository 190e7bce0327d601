package io.powermanager.simulator.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileTargetsTest {

  private static PowerProfile profile(
      String name, Integer min, Integer max, String epp, Map<String, String> labels) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setMin(min == null ? null : new IntOrString(min));
    spec.setMax(max == null ? null : new IntOrString(max));
    spec.setEpp(epp);
    p.setSpec(spec);
    return p;
  }

  @Test
  void runsABaseProfileAsItsExtendedProfileOnTheNode() {
    // Given
    List<PowerProfile> profiles =
        List.of(
            profile("performance", null, null, "performance", Map.of()),
            profile(
                "performance-node-1",
                3000,
                3400,
                "performance",
                Map.of(PowerLabels.BASE_PROFILE, "performance", PowerLabels.NODE, "node-1")));

    // When
    Optional<CpuTarget> target =
        ProfileTargets.resolve("performance", "node-1", profiles, HardwareModel.small());

    // Then
    assertThat(target)
        .contains(
            new CpuTarget(
                "performance-node-1",
                3_000_000,
                3_400_000,
                Optional.of("performance"),
                Optional.empty()));
  }

  @Test
  void derivesTheExtendedWindowFromTheHardwareWhileTheReconcilerHasNotMadeIt() {
    // Given
    List<PowerProfile> profiles =
        List.of(profile("performance", null, null, "performance", Map.of()));

    // When
    Optional<CpuTarget> target =
        ProfileTargets.resolve("performance", "node-2", profiles, HardwareModel.small());

    // Then: small is 800-3500 MHz; performance is the top 200 MHz
    assertThat(target.map(CpuTarget::describe)).contains("3300-3500 MHz performance");
  }

  @Test
  void runsASharedProfileAsItIs() {
    // Given
    List<PowerProfile> profiles = List.of(profile("shared", 1000, 1500, "power", Map.of()));

    // When
    Optional<CpuTarget> target =
        ProfileTargets.resolve("shared", "node-1", profiles, HardwareModel.small());

    // Then
    assertThat(target.map(CpuTarget::describe)).contains("1000-1500 MHz power");
  }

  @Test
  void knowsNothingOfAMissingProfile() {
    // When
    Optional<CpuTarget> target =
        ProfileTargets.resolve("turbo", "node-1", List.of(), HardwareModel.small());

    // Then
    assertThat(target).isEmpty();
  }
}
