package io.powermanager.domain.tuning;

import io.powermanager.domain.power.Frequency;
import java.util.Objects;
import java.util.Optional;

/**
 * The four cpufreq settings of one CPU the agent manages, as observed, snapshotted or desired.
 *
 * @param governor {@code scaling_governor}
 * @param epp {@code energy_performance_preference} as shown (a name or a number); empty when the
 *     CPU has no EPP
 * @param min {@code scaling_min_freq}
 * @param max {@code scaling_max_freq}
 */
public record CpuSettings(String governor, Optional<String> epp, Frequency min, Frequency max) {

  public CpuSettings {
    Objects.requireNonNull(governor, "governor");
    Objects.requireNonNull(epp, "epp");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
  }

  public static CpuSettings of(String governor, String eppOrNull, long minKhz, long maxKhz) {
    return new CpuSettings(
        governor, Optional.ofNullable(eppOrNull), Frequency.ofKhz(minKhz), Frequency.ofKhz(maxKhz));
  }

  @Override
  public String toString() {
    return governor + " " + min.khz() + "-" + max.khz() + " kHz" + epp.map(e -> " " + e).orElse("");
  }
}
