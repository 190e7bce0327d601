package io.powermanager.domain.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.PowerProfile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-CPU resolution of percent and symbolic bounds on every test-kit hardware model: {@code small}
 * and {@code generic-C} (intel_pstate 800-3500, base 2100), {@code spr-8480} (800-3800, base 2000),
 * {@code acpi} (acpi-cpufreq 1200-2400, no base), {@code hybrid} P-cores (800-4700, base 2100) and
 * E-cores (800-3400, base 1500).
 */
class ProfileWindowTest {

  private static final Map<String, CpuHardware> MODELS =
      Map.of(
          "small", pstate(3_500_000, 2_100_000),
          "generic", pstate(3_500_000, 2_100_000),
          "spr-8480", TuningFixtures.sprCpu(0),
          "acpi", TuningFixtures.acpiCpu(0),
          "hybrid-p", pstate(4_700_000, 2_100_000),
          "hybrid-e", TuningFixtures.eCore(0));

  private static CpuHardware pstate(long maxKhz, long baseKhz) {
    return new CpuHardware(
        0,
        CpuHardware.INTEL_PSTATE,
        Frequency.ofKhz(800_000),
        Frequency.ofKhz(maxKhz),
        Optional.of(Frequency.ofKhz(baseKhz)),
        TuningFixtures.PSTATE_GOVERNORS,
        TuningFixtures.EPPS);
  }

  private static PowerProfile profile(String min, String max) {
    return ((PowerProfile.Valid) PowerProfile.parse("p", min, max, "performance", null, null))
        .profile();
  }

  @ParameterizedTest(name = "{0}: min {1} max {2} -> {3}-{4} kHz")
  @CsvSource({
    // half-to-top: each CPU's own range, rounded down to 100 MHz under intel_pstate
    "small,    50%,  100%, 2100000, 3500000",
    "generic,  50%,  100%, 2100000, 3500000",
    "spr-8480, 50%,  100%, 2300000, 3800000",
    "hybrid-p, 50%,  100%, 2700000, 4700000",
    "hybrid-e, 50%,  100%, 2100000, 3400000",
    // acpi-cpufreq keeps what is written: no rounding
    "acpi,     50%,  100%, 1800000, 2400000",
    "acpi,     33%,  max,  1596000, 2400000",
    // base and the hardware symbols
    "small,    min,  base, 800000,  2100000",
    "spr-8480, ,     base, 800000,  2000000",
    "hybrid-p, ,     base, 800000,  2100000",
    "hybrid-e, ,     base, 800000,  1500000",
    "hybrid-e, base, max,  1500000, 3400000",
    "acpi,     min,  max,  1200000, 2400000",
    // 0% is cpuinfo_min; a percentage never rounds below it
    "hybrid-e, 0%,   1%,   800000,  800000",
    // mixed forms
    "hybrid-p, 2500, 50%,  2500000, 2700000",
    "small,    1050, 90%,  1000000, 3200000",
  })
  void resolvesPerCpu(String model, String min, String max, long minKhz, long maxKhz) {
    // When
    ProfileWindow.Resolved r = ProfileWindow.on(MODELS.get(model), profile(min, max));

    // Then
    assertThat(r)
        .isEqualTo(new ProfileWindow.Window(Frequency.ofKhz(minKhz), Frequency.ofKhz(maxKhz)));
  }

  @ParameterizedTest(name = "{0}: min {1} max {2} refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "acpi     |      | base | power profile \"p\" asks for max \"base\", but cpu 0 has no"
            + " base_frequency (driver acpi-cpufreq)",
        "acpi     | base | 100% | power profile \"p\" asks for min \"base\", but cpu 0 has no"
            + " base_frequency (driver acpi-cpufreq)",
        "hybrid-e | 2500 | 50%  | power profile \"p\" min \"2500\" resolves to 2500 MHz on cpu 0,"
            + " above its max \"50%\" at 2100 MHz",
        "hybrid-e | 50%  | base | power profile \"p\" min \"50%\" resolves to 2100 MHz on cpu 0,"
            + " above its max \"base\" at 1500 MHz",
        "hybrid-e | 3500 | max  | power profile \"p\" window 3500-3400 MHz is outside cpu 0's"
            + " hardware range 800-3400 MHz",
      })
  void refusesWhatTheCpuCannotRun(String model, String min, String max, String reason) {
    // When
    ProfileWindow.Resolved r = ProfileWindow.on(MODELS.get(model), profile(min, max));

    // Then
    assertThat(r).isEqualTo(new ProfileWindow.Refusal(reason));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"small", "generic", "spr-8480", "acpi", "hybrid-p", "hybrid-e"})
  void absentBoundsAreTheCpusOwnLimits(String model) {
    // Given
    CpuHardware hw = MODELS.get(model);
    PowerProfile open =
        new PowerProfile(
            "open",
            Optional.empty(),
            Optional.empty(),
            Epp.POWER,
            Optional.empty(),
            Optional.empty());

    // When / Then
    assertThat(ProfileWindow.on(hw, open))
        .isEqualTo(new ProfileWindow.Window(hw.cpuinfoMin(), hw.cpuinfoMax()));
    assertThat(ProfileWindow.on(hw, profile("min", "max"))).isEqualTo(ProfileWindow.on(hw, open));
    assertThat(ProfileWindow.on(hw, profile("0%", "100%"))).isEqualTo(ProfileWindow.on(hw, open));
  }
}
