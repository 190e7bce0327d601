package io.powermanager.testkit.sysfs;

/**
 * One logical CPU of a {@link HardwareModel}: where it sits and what frequencies it supports.
 *
 * @param id the CPU number ({@code cpuN})
 * @param packageId {@code topology/physical_package_id}
 * @param dieId {@code topology/die_id}
 * @param coreId {@code topology/core_id}, unique only within a package
 * @param cpuinfoMinKhz {@code cpufreq/cpuinfo_min_freq}
 * @param cpuinfoMaxKhz {@code cpufreq/cpuinfo_max_freq}
 * @param baseFrequencyKhz {@code cpufreq/base_frequency}, or 0 when the driver has no such file
 */
public record CpuSpec(
    int id,
    int packageId,
    int dieId,
    int coreId,
    long cpuinfoMinKhz,
    long cpuinfoMaxKhz,
    long baseFrequencyKhz) {

  public CpuSpec {
    if (id < 0 || packageId < 0 || dieId < 0 || coreId < 0) {
      throw new IllegalArgumentException(
          "cpu "
              + id
              + ": negative id in package "
              + packageId
              + ", die "
              + dieId
              + ", core "
              + coreId);
    }
    if (cpuinfoMinKhz <= 0 || cpuinfoMinKhz > cpuinfoMaxKhz) {
      throw new IllegalArgumentException(
          "cpu " + id + ": cpuinfo range " + cpuinfoMinKhz + "-" + cpuinfoMaxKhz + " kHz is empty");
    }
    if (baseFrequencyKhz != 0
        && (baseFrequencyKhz < cpuinfoMinKhz || baseFrequencyKhz > cpuinfoMaxKhz)) {
      throw new IllegalArgumentException(
          "cpu "
              + id
              + ": base_frequency "
              + baseFrequencyKhz
              + " kHz is outside "
              + cpuinfoMinKhz
              + "-"
              + cpuinfoMaxKhz);
    }
  }

  /** Whether {@code cpufreq/base_frequency} exists for this CPU. */
  public boolean hasBaseFrequency() {
    return baseFrequencyKhz != 0;
  }
}
