package io.powermanager.domain.uncore;

import java.util.Objects;

/**
 * One uncore frequency domain of a node: its directory under {@code intel_uncore_frequency/}
 * (legacy {@code package_PP_die_DD} or TPMI {@code uncoreNN}), the package and die it stands for (a
 * TPMI directory's {@code package_id} and {@code domain_id}) and its own reset limits.
 *
 * @param dir the directory name, e.g. {@code package_01_die_00} or {@code uncore03}
 * @param packageId the package
 * @param dieId the die (legacy) or power domain (TPMI) within the package
 * @param initialMinKhz {@code initial_min_freq_khz}
 * @param initialMaxKhz {@code initial_max_freq_khz}
 */
public record UncoreDomain(
    String dir, int packageId, int dieId, long initialMinKhz, long initialMaxKhz) {

  public UncoreDomain {
    Objects.requireNonNull(dir, "dir");
    if (dir.isBlank() || dir.contains("/")) {
      throw new IllegalArgumentException("uncore directory \"" + dir + "\" is not a name");
    }
    if (packageId < 0 || dieId < 0) {
      throw new IllegalArgumentException(dir + ": package and die must not be negative");
    }
    if (initialMinKhz <= 0 || initialMinKhz > initialMaxKhz) {
      throw new IllegalArgumentException(
          dir + ": initial range " + initialMinKhz + "-" + initialMaxKhz + " kHz is empty");
    }
  }

  /** The directory relative to the CPU sysfs root, with a trailing slash. */
  public String path() {
    return "intel_uncore_frequency/" + dir + "/";
  }

  /** Whether {@code khz} lies within the domain's initial range. */
  public boolean inRange(long khz) {
    return khz >= initialMinKhz && khz <= initialMaxKhz;
  }

  /** The initial limits as a window. */
  public UncoreWindow initial() {
    return new UncoreWindow(initialMinKhz, initialMaxKhz);
  }
}
