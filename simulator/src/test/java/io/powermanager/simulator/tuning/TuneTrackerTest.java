package io.powermanager.simulator.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TuneTrackerTest {

  @Test
  void findsTheCpuOfAWrittenFileInEitherPathForm() {
    // Then
    assertThat(TuneTracker.cpuOf("cpu12/cpufreq/scaling_max_freq")).isEqualTo(12);
    assertThat(TuneTracker.cpuOf("cpufreq/policy3/energy_performance_preference")).isEqualTo(3);
    assertThat(TuneTracker.cpuOf("intel_uncore_frequency/package_00_die_00/max_freq_khz"))
        .isEqualTo(-1);
  }
}
