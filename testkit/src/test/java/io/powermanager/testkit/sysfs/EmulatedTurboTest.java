package io.powermanager.testkit.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class EmulatedTurboTest {

  @Test
  void noTurboCapsWindowsAndCpuinfoMaxAtBaseAndGivesThemBack() throws IOException {
    // Given small: 800-3500 MHz, base 2100, every CPU at 800-3500
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());

    // When
    sysfs.write("intel_pstate/no_turbo", "1");

    // Then
    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("1\n");
    assertThat(sysfs.read("cpu3/cpufreq/cpuinfo_max_freq")).isEqualTo("2100000\n");
    assertThat(sysfs.cpu(3).scalingMaxKhz()).isEqualTo(2_100_000);

    // When: a window above base is written while turbo is off, it is held at base
    sysfs.write("cpu3/cpufreq/scaling_max_freq", "3500000");
    assertThat(sysfs.cpu(3).scalingMaxKhz()).isEqualTo(2_100_000);

    // When turbo comes back, the request holds again
    sysfs.write("intel_pstate/no_turbo", "0");
    assertThat(sysfs.read("cpu3/cpufreq/cpuinfo_max_freq")).isEqualTo("3500000\n");
    assertThat(sysfs.cpu(3).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.turboOff()).isFalse();
  }

  @Test
  void firmwareLockedTurboRefusesToSwitchOnWithEperm() throws IOException {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.lockTurbo();

    assertThat(sysfs.read("intel_pstate/no_turbo")).isEqualTo("1\n");
    assertThatThrownBy(() -> sysfs.write("intel_pstate/no_turbo", "0"))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EPERM);
    sysfs.write("intel_pstate/no_turbo", "1");
    assertThat(sysfs.turboOff()).isTrue();
  }

  @Test
  void acpiBoostHasTheInvertedSense() throws IOException {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());

    assertThat(sysfs.exists("intel_pstate/no_turbo")).isFalse();
    assertThat(sysfs.read("cpufreq/boost")).isEqualTo("1\n");
    sysfs.write("cpufreq/boost", "0");

    assertThat(sysfs.turboOff()).isTrue();
    assertThatThrownBy(() -> sysfs.write("cpufreq/boost", "maybe"))
        .hasMessage(EmulatedSysfs.EINVAL);
  }
}
