package io.powermanager.domain.tuning;

import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.Governor;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;
import java.util.Optional;

/** Hardware and profiles the tuning tests share; values from contracts §5.7 and the test kit. */
final class TuningFixtures {

  static final List<String> PSTATE_GOVERNORS = List.of("performance", "powersave");
  static final List<String> EPPS =
      List.of("default", "performance", "balance_performance", "balance_power", "power");
  static final List<String> GENERIC_GOVERNORS =
      List.of("conservative", "ondemand", "userspace", "powersave", "performance", "schedutil");

  private TuningFixtures() {}

  /** A Sapphire Rapids CPU: intel_pstate, 800-3800 MHz, base 2000 MHz, EPP. */
  static CpuHardware sprCpu(int cpu) {
    return pstateCpu(cpu, 3_800_000, 2_000_000);
  }

  /** A hybrid E-core: intel_pstate, 800-3400 MHz. */
  static CpuHardware eCore(int cpu) {
    return pstateCpu(cpu, 3_400_000, 1_500_000);
  }

  private static CpuHardware pstateCpu(int cpu, long maxKhz, long baseKhz) {
    return new CpuHardware(
        cpu,
        CpuHardware.INTEL_PSTATE,
        Frequency.ofKhz(800_000),
        Frequency.ofKhz(maxKhz),
        Optional.of(Frequency.ofKhz(baseKhz)),
        PSTATE_GOVERNORS,
        EPPS);
  }

  /** An acpi-cpufreq CPU: 1200-2400 MHz, generic governors, no EPP. */
  static CpuHardware acpiCpu(int cpu) {
    return acpiCpu(cpu, GENERIC_GOVERNORS);
  }

  /** An acpi-cpufreq CPU of 1200-2400 MHz offering only {@code governors}. */
  static CpuHardware acpiCpu(int cpu, List<String> governors) {
    return new CpuHardware(
        cpu,
        "acpi-cpufreq",
        Frequency.ofKhz(1_200_000),
        Frequency.ofKhz(2_400_000),
        Optional.empty(),
        governors,
        List.of());
  }

  /** What an SPR CPU shows at boot: powersave, full range, balance_performance. */
  static CpuSettings sprBoot() {
    return CpuSettings.of("powersave", "balance_performance", 800_000, 3_800_000);
  }

  static CpuSettings acpiBoot() {
    return CpuSettings.of("schedutil", null, 1_200_000, 2_400_000);
  }

  static PowerProfile profile(String name, Long minMhz, Long maxMhz, Epp epp) {
    return profile(name, minMhz, maxMhz, epp, null);
  }

  static PowerProfile profile(String name, Long minMhz, Long maxMhz, Epp epp, Governor governor) {
    return new PowerProfile(
        name,
        Optional.ofNullable(minMhz).map(FrequencyBound::mhz),
        Optional.ofNullable(maxMhz).map(FrequencyBound::mhz),
        epp,
        Optional.ofNullable(governor),
        Optional.empty());
  }

  /** The seed's extended performance profile on an SPR node: 3600-3800 MHz. */
  static PowerProfile performance() {
    return profile("performance-node1", 3600L, 3800L, Epp.PERFORMANCE);
  }

  /** The seed's shared profile: 1000-1500 MHz, EPP power. */
  static PowerProfile shared() {
    return profile("shared", 1000L, 1500L, Epp.POWER);
  }
}
