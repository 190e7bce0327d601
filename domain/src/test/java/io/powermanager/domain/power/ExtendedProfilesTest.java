package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtendedProfilesTest {

  private static HardwareRange range(long minMhz, long maxMhz) {
    return new HardwareRange(Frequency.ofMhz(minMhz), Frequency.ofMhz(maxMhz), Optional.empty());
  }

  @ParameterizedTest(name = "{0} on {1}-{2} MHz -> {3}-{4} MHz")
  @CsvSource({
    // Xeon Platinum 8480+ (contracts.md §5.7)
    "performance,          800, 3800, 3600, 3800",
    "balance-performance,  800, 3800, 2800, 3000",
    "balance-power,        800, 3800, 2100, 2300",
    // the 3500 MHz node of landscape.md §6b: upstream gave 3300-3500, 2625-2825, 1950-2150
    "performance,          800, 3500, 3300, 3500",
    "balance-performance,  800, 3500, 2600, 2800",
    "balance-power,        800, 3500, 1900, 2100",
    // a node under 2 GHz, which upstream v1.0.2 refused
    "performance,         1200, 1800, 1600, 1800",
    "balance-performance, 1200, 1800, 1400, 1600",
    "balance-power,       1200, 1800, 1300, 1500",
    // a range narrower than the 200 MHz window: clamped, never outside
    "performance,         1000, 1100, 1000, 1100",
    "balance-power,       1000, 1100, 1000, 1000",
    // acpi-cpufreq reports turbo as nominal + 1 MHz: performance keeps it
    "performance,         1200, 2401, 2201, 2401"
  })
  void derivesWindowInsideTheHardwareRange(
      String base, long hwMin, long hwMax, long expectedMin, long expectedMax) {
    // Given
    BaseProfile kind = BaseProfile.byName(base).orElseThrow();
    HardwareRange hw = range(hwMin, hwMax);

    // When
    PowerProfile extended = ExtendedProfiles.derive(kind.asProfile(), kind, "node-1", hw);

    // Then
    assertThat(extended.name()).isEqualTo(base + "-node-1");
    assertThat(extended.min()).contains(FrequencyBound.mhz(expectedMin));
    assertThat(extended.max()).contains(FrequencyBound.mhz(expectedMax));
    assertThat(extended.epp()).contains(kind.epp());
    assertThat(hw.contains(extended.min().flatMap(FrequencyBound::absolute).orElseThrow()))
        .isTrue();
    assertThat(hw.contains(extended.max().flatMap(FrequencyBound::absolute).orElseThrow()))
        .isTrue();
  }

  @Test
  void neverLeavesTheHardwareRangeOnAnyNode() {
    for (long lo = 400; lo <= 2000; lo += 100) {
      for (long hi = lo; hi <= 5000; hi += 37) {
        HardwareRange hw = range(lo, hi);
        for (BaseProfile kind : BaseProfile.values()) {
          // When
          ExtendedProfiles.Window w = ExtendedProfiles.window(kind, hw);

          // Then
          assertThat(hw.contains(w.min())).as("%s on %s", kind, hw).isTrue();
          assertThat(hw.contains(w.max())).as("%s on %s", kind, hw).isTrue();
          assertThat(w.min()).isLessThanOrEqualTo(w.max());
        }
      }
    }
  }

  @Test
  void userSetFrequenciesOnABaseProfileWinButAreClamped() {
    // Given
    PowerProfile base =
        new PowerProfile(
            "performance",
            Optional.of(FrequencyBound.mhz(3000)),
            Optional.of(FrequencyBound.mhz(4500)),
            Epp.PERFORMANCE,
            Optional.empty(),
            Optional.empty());

    // When
    PowerProfile extended =
        ExtendedProfiles.derive(base, BaseProfile.PERFORMANCE, "n", range(800, 3800));

    // Then
    assertThat(extended.min()).contains(FrequencyBound.mhz(3000));
    assertThat(extended.max()).contains(FrequencyBound.mhz(3800));
  }

  @Test
  void hybridNodesUseTheRangeEveryCoreTypeSupports() {
    // Given
    HardwareRange pCores =
        new HardwareRange(
            Frequency.ofMhz(800), Frequency.ofMhz(4700), Optional.of(Frequency.ofMhz(2100)));
    HardwareRange eCores =
        new HardwareRange(
            Frequency.ofMhz(800), Frequency.ofMhz(3400), Optional.of(Frequency.ofMhz(1500)));

    // When
    HardwareRange common = HardwareRange.commonTo(List.of(pCores, eCores)).orElseThrow();

    // Then
    assertThat(common)
        .isEqualTo(
            new HardwareRange(
                Frequency.ofMhz(800), Frequency.ofMhz(3400), Optional.of(Frequency.ofMhz(1500))));
    assertThat(HardwareRange.commonTo(List.of(range(800, 1000), range(1200, 2000)))).isEmpty();
    assertThat(HardwareRange.commonTo(List.of())).isEmpty();
  }
}
