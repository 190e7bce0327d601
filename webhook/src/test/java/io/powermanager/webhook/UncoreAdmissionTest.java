package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.v1alpha1.DieSelector;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.domain.uncore.UncoreDomain;
import io.powermanager.domain.uncore.UncoreRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uncore through the validating webhook: each rejection of the Admission list, named by
 * field and value, and the warnings returned as AdmissionReview warnings.
 */
class UncoreAdmissionTest {

  /**
   * node-1: small (800000-2400000); spr-1: spr-8480 (package 1 1000000-2400000); taken: selected by
   * the Uncore "other".
   */
  private static final class Catalog implements PowerCatalog {
    private final StaticCatalog base = Fixtures.catalog();

    @Override
    public boolean knowsProfiles() {
      return base.knowsProfiles();
    }

    @Override
    public Optional<PowerProfile> profile(String name) {
      return base.profile(name);
    }

    @Override
    public boolean knowsNodes() {
      return true;
    }

    @Override
    public List<List<io.powermanager.domain.power.HardwareRange>> powerNodeCoreTypes() {
      return base.powerNodeCoreTypes();
    }

    @Override
    public List<String> powerNodesMatching(io.powermanager.domain.node.LabelSelector selector) {
      return base.powerNodesMatching(selector);
    }

    @Override
    public List<String> customDevices() {
      return base.customDevices();
    }

    @Override
    public List<String> nodesMatching(Map<String, String> selector) {
      return base.nodesMatching(selector);
    }

    @Override
    public Optional<String> sharedWorkloadOn(String node, String exceptWorkload) {
      return base.sharedWorkloadOn(node, exceptWorkload);
    }

    @Override
    public Optional<String> powerConfigOtherThan(String exceptName) {
      return base.powerConfigOtherThan(exceptName);
    }

    @Override
    public List<String> usersOf(String profile) {
      return base.usersOf(profile);
    }

    @Override
    public List<Frequency> powerNodeMaxima() {
      return base.powerNodeMaxima();
    }

    @Override
    public List<Frequency> powerNodeMinima() {
      return base.powerNodeMinima();
    }

    @Override
    public List<UncoreRules.PowerNodeView> uncoreNodes() {
      return List.of(
          new UncoreRules.PowerNodeView(
              "node-1",
              Map.of("pool", "a"),
              List.of(new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_400_000))),
          new UncoreRules.PowerNodeView(
              "spr-1",
              Map.of("pool", "a", "cpu", "spr"),
              List.of(
                  new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_500_000),
                  new UncoreDomain("package_01_die_00", 1, 0, 1_000_000, 2_400_000))),
          new UncoreRules.PowerNodeView(
              "taken",
              Map.of("owner", "other"),
              List.of(new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_400_000))));
    }

    @Override
    public List<UncoreRules.OtherUncore> uncores() {
      return List.of(new UncoreRules.OtherUncore("other", Map.of("owner", "other")));
    }
  }

  private final AdmissionService service =
      new AdmissionService(new Catalog(), AdmissionSettings.of(POWER_NS));

  private static Uncore uncore(
      String name, Map<String, String> selector, Long sysMin, Long sysMax, DieSelector... dies) {
    Uncore u = new Uncore();
    u.getMetadata().setName(name);
    u.getMetadata().setNamespace(POWER_NS);
    UncoreSpec spec = new UncoreSpec();
    spec.setNodeSelector(selector);
    spec.setSysMin(sysMin);
    spec.setSysMax(sysMax);
    spec.setDieSelector(List.of(dies));
    u.setSpec(spec);
    return u;
  }

  private static Uncore uncore(String name, Long sysMin, Long sysMax, DieSelector... dies) {
    return uncore(name, Map.of(), sysMin, sysMax, dies);
  }

  private static DieSelector die(Integer pkg, Integer die, Long min, Long max) {
    return new DieSelector(pkg, die, min, max);
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of(uncore("node-1", null, null), "spec: set at least one of sysMin"),
        Arguments.of(
            uncore("node-1", 2_000_000L, 1_500_000L),
            "spec.sysMin: 2000000 kHz is above spec.sysMax 1500000 kHz"),
        Arguments.of(
            uncore("node-1", null, null, die(0, 0, 2_000_000L, 1_000_000L)),
            "spec.dieSelector[0].min: 2000000 kHz is above spec.dieSelector[0].max 1000000 kHz"),
        Arguments.of(
            uncore(
                "spr-1",
                null,
                null,
                die(1, null, 1_000_000L, 2_000_000L),
                die(1, null, 1_100_000L, 2_000_000L)),
            "spec.dieSelector[1]: package 1 is listed twice"),
        Arguments.of(
            uncore(
                "spr-1",
                null,
                null,
                die(1, 0, 1_000_000L, 2_000_000L),
                die(1, 0, 1_100_000L, 2_000_000L)),
            "spec.dieSelector[1]: package 1 die 0 is listed twice"),
        Arguments.of(
            uncore("node-1", null, null, die(1, 0, 1_000_000L, 2_000_000L)),
            "spec.dieSelector[0]: package 1 die 0 is not an uncore domain of node node-1"),
        Arguments.of(
            uncore("node-1", null, 2_600_000L),
            "spec.sysMax: 2600000 kHz is outside the initial range of package_00_die_00"),
        Arguments.of(
            uncore("two", Map.of("pool", "a"), null, null, die(3, null, 1_000_000L, 2_000_000L)),
            "spec.dieSelector[0]: package 3 is not an uncore domain of nodes node-1, spr-1"),
        Arguments.of(
            uncore("mine", Map.of(), 1_000_000L, null),
            "metadata.name: \"mine\" is not a power node"),
        Arguments.of(uncore("taken", 1_000_000L, null), "already tuned by Uncore"));
  }

  @ParameterizedTest
  @MethodSource("rejections")
  void deniesNamingTheFieldAndValue(Uncore object, String message) {
    // When
    AdmissionResponse response = service.validate(request("CREATE", object));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage()).contains(message);
  }

  static Stream<Arguments> warnings() {
    return Stream.of(
        Arguments.of(
            uncore("node-1", 1_350_000L, null),
            "spec.sysMin 1350000 kHz is not a multiple of 100000 kHz; the driver keeps 1300000"
                + " kHz"),
        Arguments.of(
            uncore("pools", Map.of("pool", "a"), 900_000L, null),
            "spec.sysMin 900000 kHz is outside the initial range of package_01_die_00"
                + " (1000000-2400000 kHz) on node spr-1; the agent clamps it there"),
        Arguments.of(
            uncore("pools", Map.of("pool", "a"), null, null, die(1, 0, 1_000_000L, 2_000_000L)),
            "spec.dieSelector[0]: package 1 die 0 is not an uncore domain of node node-1"));
  }

  @ParameterizedTest
  @MethodSource("warnings")
  void allowsWithTheWarning(Uncore object, String warning) {
    // When
    AdmissionResponse response = service.validate(request("CREATE", object));

    // Then
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getWarnings()).contains(warning);
  }

  @ParameterizedTest
  @MethodSource("intelsExample")
  void allowsIntelsExampleForItsNode(Uncore object) {
    // When
    AdmissionResponse response = service.validate(request("CREATE", object));

    // Then
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getWarnings()).isNullOrEmpty();
  }

  static Stream<Uncore> intelsExample() {
    return Stream.of(
        uncore("node-1", 1_300_000L, 2_300_000L, die(0, 0, 1_500_000L, 2_400_000L)),
        uncore("spr-1", null, 2_000_000L));
  }
}
