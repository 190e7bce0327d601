package io.powermanager.domain.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.tuning.HardwareDefaults.CpuReading;
import io.powermanager.domain.tuning.HardwareDefaults.NodeReading;
import io.powermanager.domain.tuning.HardwareDefaults.TurboReading;
import io.powermanager.domain.tuning.HardwareDefaults.UncoreReading;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HardwareDefaultsTest {

  private static final List<String> GENERIC =
      List.of("conservative", "ondemand", "userspace", "powersave", "performance", "schedutil");

  @Test
  void picksTheDriversBootGovernor() {
    assertThat(
            HardwareDefaults.defaultGovernor("intel_pstate", List.of("performance", "powersave")))
        .contains("powersave");
    assertThat(
            HardwareDefaults.defaultGovernor("amd-pstate-epp", List.of("performance", "powersave")))
        .contains("powersave");
    assertThat(HardwareDefaults.defaultGovernor("acpi-cpufreq", GENERIC)).contains("schedutil");
    assertThat(HardwareDefaults.defaultGovernor("intel_cpufreq", GENERIC)).contains("schedutil");
    assertThat(HardwareDefaults.defaultGovernor("acpi-cpufreq", List.of("ondemand", "performance")))
        .contains("ondemand");
    assertThat(HardwareDefaults.defaultGovernor("acpi-cpufreq", List.of())).isEmpty();
  }

  @Test
  void widensATunedCpuAfterSwitchingTurboOnAndTheGovernorBeforeTheEpp() {
    // Given: a CPU Intel's agent left on performance with a narrow window and C6 off
    CpuReading tuned =
        new CpuReading(
            3,
            "intel_pstate",
            List.of("performance", "powersave"),
            "performance",
            Optional.of("performance"),
            List.of("default", "performance", "balance_performance", "balance_power", "power"),
            800_000,
            3_500_000,
            3_000_000,
            3_000_000,
            Map.of("cpu3/cpuidle/state0/disable", "0", "cpu3/cpuidle/state2/disable", "1"));
    NodeReading now =
        new NodeReading(
            List.of(tuned),
            List.of(
                new UncoreReading(
                    "intel_uncore_frequency/package_00_die_00",
                    800_000,
                    2_400_000,
                    2_000_000,
                    2_000_000)),
            Optional.of(new TurboReading("intel_pstate/no_turbo", true, "1")));

    // When
    NodePlan plan = HardwareDefaults.plan(now);

    // Then
    assertThat(plan.writes())
        .extracting(PlannedWrite::path, PlannedWrite::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("intel_pstate/no_turbo", "0"),
            org.assertj.core.groups.Tuple.tuple("cpu3/cpufreq/scaling_governor", "powersave"),
            org.assertj.core.groups.Tuple.tuple(
                "cpu3/cpufreq/energy_performance_preference", "balance_performance"),
            org.assertj.core.groups.Tuple.tuple("cpu3/cpufreq/scaling_max_freq", "3500000"),
            org.assertj.core.groups.Tuple.tuple("cpu3/cpufreq/scaling_min_freq", "800000"),
            org.assertj.core.groups.Tuple.tuple("cpu3/cpuidle/state2/disable", "0"),
            org.assertj.core.groups.Tuple.tuple(
                "intel_uncore_frequency/package_00_die_00/max_freq_khz", "2400000"),
            org.assertj.core.groups.Tuple.tuple(
                "intel_uncore_frequency/package_00_die_00/min_freq_khz", "800000"));
    assertThat(HardwareDefaults.countByKnob(plan.writes()))
        .containsEntry(Knob.TURBO, 1)
        .containsEntry(Knob.GOVERNOR, 1)
        .containsEntry(Knob.CSTATE_DISABLE, 1)
        .containsEntry(Knob.UNCORE_MIN_FREQ, 1);
  }

  @Test
  void writesNothingOnANodeAtItsDefaultsAndNoEppWhereThereIsNone() {
    // Given: acpi-cpufreq at boot values, boost on
    CpuReading atBoot =
        new CpuReading(
            0,
            "acpi-cpufreq",
            GENERIC,
            "schedutil",
            Optional.empty(),
            List.of(),
            1_200_000,
            2_400_000,
            1_200_000,
            2_400_000,
            Map.of("cpu0/cpuidle/state1/disable", "0"));

    // When
    NodePlan plan =
        HardwareDefaults.plan(
            new NodeReading(
                List.of(atBoot),
                List.of(),
                Optional.of(new TurboReading("cpufreq/boost", false, "1"))));

    // Then
    assertThat(plan.converged()).isTrue();
  }
}
