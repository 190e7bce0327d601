package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PowerProfileTest {

  private static List<String> violations(PowerProfile.Parsed parsed) {
    assertThat(parsed).isInstanceOf(PowerProfile.Invalid.class);
    return ((PowerProfile.Invalid) parsed).violations().stream().map(Violation::toString).toList();
  }

  @Test
  void buildsTheSeedsPerformanceProfile() {
    // When
    PowerProfile.Parsed parsed =
        PowerProfile.of("performance-example-node", 3300L, 3700L, "performance", null, null);

    // Then
    assertThat(parsed).isInstanceOf(PowerProfile.Valid.class);
    PowerProfile p = ((PowerProfile.Valid) parsed).profile();
    assertThat(p.min()).contains(FrequencyBound.mhz(3300));
    assertThat(p.max()).contains(FrequencyBound.mhz(3700));
    assertThat(p.epp()).contains(Epp.PERFORMANCE);
    assertThat(p.isShared()).isFalse();
    assertThat(p.governor()).isEmpty();
  }

  @Test
  void aProfileWithEppPowerIsShared() {
    PowerProfile.Parsed parsed = PowerProfile.of("shared", 1000L, 1500L, "power", null, null);
    assertThat(((PowerProfile.Valid) parsed).profile().isShared()).isTrue();
  }

  @Test
  void normalisesHyphenEpp() {
    PowerProfile.Parsed parsed =
        PowerProfile.of("eco", null, null, "balance-power", "powersave", "50%");
    PowerProfile p = ((PowerProfile.Valid) parsed).profile();
    assertThat(p.epp()).contains(Epp.BALANCE_POWER);
    assertThat(p.cpuCapacity()).contains(new CpuCapacity.Percent(50));
    assertThat(p.capacityOn(10)).isEqualTo(5);
  }

  @Test
  void rejectsMinAboveMax() {
    assertThat(violations(PowerProfile.of("p", 3700L, 3300L, "performance", null, null)))
        .containsExactly("spec.min: min 3700 MHz is above max 3300 MHz; min must not exceed max");
  }

  @Test
  void rejectsNonPositiveAndImplausibleFrequencies() {
    assertThat(violations(PowerProfile.of("p", 0L, 3_700_000L, "performance", null, null)))
        .containsExactly(
            "spec.min: 0 MHz is not a frequency; it must be positive",
            "spec.max: 3700000 MHz is beyond any CPU (100000 MHz); the unit is MHz");
  }

  @Test
  void anAbsentOrEmptyEppLeavesTheEppAsItIs() {
    for (String epp : new String[] {null, ""}) {
      PowerProfile p =
          ((PowerProfile.Valid) PowerProfile.of("p", 1L, 2L, epp, null, null)).profile();
      assertThat(p.epp()).isEmpty();
      assertThat(p.isShared()).isFalse();
      assertThat(p.capacityOn(10)).isEqualTo(10);
    }
  }

  @Test
  void anExplicitSharedFlagWinsOverTheEpp() {
    PowerProfile shared =
        ((PowerProfile.Valid) PowerProfile.parse("s", null, null, "", null, null, true)).profile();
    PowerProfile exclusivePower =
        ((PowerProfile.Valid) PowerProfile.parse("x", null, null, "power", null, null, false))
            .profile();
    assertThat(shared.isShared()).isTrue();
    assertThat(exclusivePower.isShared()).isFalse();
  }

  @Test
  void rejectsUnknownEpp() {
    assertThat(violations(PowerProfile.of("p", 1L, 2L, "turbo", null, null)))
        .containsExactly(
            "spec.epp: \"turbo\" is not an EPP value; use one of performance,"
                + " balance_performance, balance_power, power");
  }

  @ParameterizedTest
  @CsvSource({
    "0, '\"0\" would let no CPU run the profile; use at least 1 or \"1%\", or delete the profile'",
    "0%, '\"0%\" would let no CPU run the profile; use at least 1 or \"1%\", or delete the"
        + " profile'",
    "150%, '\"150%\" is not a CPU count or a percentage; use e.g. 12 or \"40%\" (1-100%)'",
    "-1, '\"-1\" is not a CPU count or a percentage; use e.g. 12 or \"40%\" (1-100%)'"
  })
  void refusesZeroCapacityAsCountAndAsPercentAlike(String capacity, String message) {
    assertThat(violations(PowerProfile.of("p", 1L, 2L, "power", null, capacity)))
        .containsExactly("spec.cpuCapacity: " + message);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "'1%', 0", "'100%', 64", "64, 64", "65, 64"})
  void acceptsTheSmallestNonZeroCapacities(String capacity, int onSixtyFourCpus) {
    PowerProfile p =
        ((PowerProfile.Valid) PowerProfile.of("p", 1L, 2L, "power", null, capacity)).profile();
    assertThat(p.capacityOn(64)).isEqualTo(onSixtyFourCpus);
  }

  @Test
  void rejectsUnknownGovernor() {
    assertThat(violations(PowerProfile.of("p", 1L, 2L, "power", "fast", null)))
        .containsExactly(
            "spec.governor: \"fast\" is not a known governor; use one of performance, powersave,"
                + " schedutil, ondemand, conservative, userspace");
  }

  @Test
  void rejectsPerformanceGovernorWithAnotherEpp() {
    assertThat(violations(PowerProfile.of("p", 1L, 2L, "power", "performance", null)))
        .containsExactly(
            "spec.governor: governor performance pins EPP to performance, so epp \"power\" could"
                + " never apply; use governor powersave or epp performance");
  }

  @Test
  void rejectsMalformedCapacity() {
    assertThat(violations(PowerProfile.of("p", 1L, 2L, "power", null, "140%")))
        .containsExactly(
            "spec.cpuCapacity: \"140%\" is not a CPU count or a percentage; use e.g. 12 or"
                + " \"40%\" (1-100%)");
  }

  @Test
  void rejectsNamesThatCannotBeResourceNames() {
    assertThat(violations(PowerProfile.of("Turbo_Profile", 1L, 2L, "power", null, null)))
        .singleElement()
        .asString()
        .startsWith("spec.name: \"Turbo_Profile\" is not a valid profile name");
    assertThat(violations(PowerProfile.of("x".repeat(64), 1L, 2L, "power", null, null))).hasSize(1);
  }

  @Test
  void reportsEveryViolationAtOnce() {
    assertThat(violations(PowerProfile.of("", -5L, null, "x", "y", "z"))).hasSize(5);
  }
}
