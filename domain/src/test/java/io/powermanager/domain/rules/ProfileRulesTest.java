package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.CLUSTER;
import static io.powermanager.domain.rules.RuleFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileRulesTest {

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> eppByVersion() {
    String required =
        "spec.epp: epp is required in power.intel.com/v1alpha1; use one of performance,"
            + " balance_performance, balance_power, power (in power.intel.com/v1 it may be left"
            + " out to keep the CPUs' EPP)";
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1ALPHA1, true, null, required),
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1ALPHA1, true, "", required),
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1ALPHA1, false, null, null),
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1, true, null, null),
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1, true, "", null),
        org.junit.jupiter.params.provider.Arguments.of(ApiVersion.V1, false, "", null));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("eppByVersion")
  void eppIsRequiredOnlyOnV1alpha1Creates(
      ApiVersion version, boolean create, String epp, String denial) {
    ProfileView p = new ProfileView("eco", null, "1000", "1500", epp, null, null);
    List<String> expected = denial == null ? List.of() : List.of(denial);
    assertThat(messages(ProfileRules.check(p, CLUSTER, version, create)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void allowsTheSeedsSharedProfile() {
    ProfileView p = new ProfileView("shared", "shared", "1000", "1500", "power", null, null);
    assertThat(ProfileRules.check(p, CLUSTER)).isEqualTo(RuleResult.ok());
  }

  @Test
  void deniesSpecNameDifferentFromMetadataName() {
    ProfileView p = new ProfileView("shared", "other", "1000", "1500", "power", null, null);
    assertThat(messages(ProfileRules.check(p, CLUSTER)))
        .containsExactly(
            "spec.name: \"other\" differs from metadata.name \"shared\"; they must be equal");
  }

  @Test
  void deniesInvalidSpecWithEveryReason() {
    ProfileView p = new ProfileView("p", "p", "2000", "1000", "fast", null, null);
    assertThat(messages(ProfileRules.check(p, CLUSTER))).hasSize(2);
  }

  @Test
  void deniesAMaxBeyondEveryNode() {
    ProfileView p = new ProfileView("p", null, "1000", "4000", "performance", null, null);
    RuleResult r = ProfileRules.check(p, CLUSTER);
    assertThat(messages(r))
        .containsExactly(
            "spec.max: max 4000 MHz exceeds the hardware of every power node (highest 3800 MHz);"
                + " no core type of any power node can run this profile");
  }

  @ParameterizedTest
  @CsvSource({
    "400, 600, 'spec.min: min 400 MHz is below the hardware of every power node (lowest 800 MHz);"
        + " no core type of any power node can run this profile'",
    "700, 3000, 'spec.min: min 700 MHz is below the hardware of every power node (lowest 800"
        + " MHz); no core type of any power node can run this profile'",
    "800, 3800, ''",
    ", 3000, ''",
    "3900, 4000, 'spec.max: max 4000 MHz exceeds the hardware of every power node (highest 3800"
        + " MHz); no core type of any power node can run this profile'"
  })
  void deniesAWindowThatLeavesEveryNodeAboveOrBelow(Long min, long max, String denial) {
    ProfileView p =
        new ProfileView(
            "p",
            null,
            min == null ? null : min.toString(),
            Long.toString(max),
            "performance",
            null,
            null);
    RuleResult r = ProfileRules.check(p, CLUSTER);
    assertThat(messages(r))
        .isEqualTo(denial == null || denial.isEmpty() ? List.of() : List.of(denial));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2400x | 100% | spec.min: \"2400x\" is not a frequency; use an integer MHz such as 2400, a"
            + " percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "60%   | 50%  | spec.min: min 60% is above max 50%; min must not exceed max",
        "101%  | max  | spec.min: \"101%\" is not a frequency; use an integer MHz such as 2400, a"
            + " percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "-5    | max  | spec.min: -5 MHz is not a frequency; it must be positive",
      })
  void deniesMalformedOrUnorderedPercentAndSymbolicBounds(String min, String max, String denial) {
    ProfileView p = new ProfileView("p", null, min, max, "performance", null, null);
    assertThat(messages(ProfileRules.check(p, CLUSTER))).containsExactly(denial);
  }

  @Test
  void acceptsPercentAndSymbolicBoundsWhateverTheHardware() {
    ProfileView p = new ProfileView("p", null, "50%", "max", "performance", null, null);
    RuleResult r = ProfileRules.check(p, CLUSTER);
    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  private static final HardwareRange ACPI =
      new HardwareRange(Frequency.ofMhz(1200), Frequency.ofMhz(2400), Optional.empty());
  private static final HardwareRange SMALL =
      new HardwareRange(
          Frequency.ofMhz(800), Frequency.ofMhz(3500), Optional.of(Frequency.ofMhz(2100)));

  @Test
  void warnsWhenTheNodeSelectorMatchesNoPowerNode() {
    PowerCatalog nodes =
        StaticCatalog.builder().knowsNodes().node("node-1", Map.of("tier", "silver")).build();
    LabelSelector gold = new LabelSelector(Map.of("tier", "gold"), List.of());
    LabelSelector silver = new LabelSelector(Map.of("tier", "silver"), List.of());
    ProfileView nowhere = new ProfileView("p", null, "50%", "max", "performance", null, null, gold);
    ProfileView somewhere =
        new ProfileView("p", null, "50%", "max", "performance", null, null, silver);
    assertThat(ProfileRules.check(nowhere, nodes).warnings())
        .containsExactly(
            "spec.nodeSelector tier=gold matches no power node; the profile is offered nowhere"
                + " until one matches");
    assertThat(ProfileRules.check(somewhere, nodes).warnings()).isEmpty();
  }

  @Test
  void deniesBaseWhenNoPowerNodeHasABaseFrequency() {
    PowerCatalog acpiOnly = StaticCatalog.builder().powerNode(List.of(ACPI)).build();
    ProfileView p = new ProfileView("p", null, null, "base", "performance", null, null);
    assertThat(messages(ProfileRules.check(p, acpiOnly)))
        .containsExactly(
            "spec.max: \"base\" needs base_frequency, which no power node reports (acpi-cpufreq"
                + " has none); use MHz or a percentage");
  }

  @Test
  void warnsAboutBaseWhenSomePowerNodesLackABaseFrequency() {
    PowerCatalog mixed =
        StaticCatalog.builder().powerNode(List.of(ACPI)).powerNode(List.of(SMALL)).build();
    ProfileView p = new ProfileView("p", null, "base", "max", "performance", null, null);
    RuleResult r = ProfileRules.check(p, mixed);
    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings())
        .containsExactly(
            "1 of 2 power nodes report no base_frequency; their agents refuse \"base\" on those"
                + " CPUs");
  }

  @Test
  void warnsOnlyWhenEveryNodeIsAboveTheMin() {
    PowerCatalog twoNodes =
        StaticCatalog.builder()
            .powerNodeMinimum(Frequency.ofMhz(800))
            .powerNodeMinimum(Frequency.ofMhz(400))
            .build();
    ProfileView p = new ProfileView("p", null, "500", "1000", "performance", null, null);
    assertThat(ProfileRules.check(p, twoNodes).warnings()).isEmpty();
  }

  @Test
  void deniesDeletingAProfileInUse() {
    assertThat(messages(ProfileRules.checkDelete("performance", CLUSTER)))
        .containsExactly(
            "metadata.name: power profile \"performance\" is in use by pod default/web-1; delete"
                + " those first");
  }

  @Test
  void allowsDeletingAnUnusedProfile() {
    assertThat(ProfileRules.checkDelete("shared", CLUSTER).allowed()).isTrue();
  }

  @Test
  void namesAtMostFiveUsers() {
    StaticCatalog.Builder b = StaticCatalog.builder();
    for (int i = 0; i < 7; i++) {
      b.user("p", "pod default/w-" + i);
    }
    assertThat(ProfileRules.checkDelete("p", b.build()).message())
        .endsWith("pod default/w-4 and 2 more; delete those first");
  }
}
