package io.powermanager.testkit.sysfs;

/**
 * One uncore frequency domain ({@code intel_uncore_frequency/package_XX_die_YY/}).
 *
 * @param packageId the package, printed with two digits
 * @param dieId the die within the package, printed with two digits
 * @param initialMinKhz {@code initial_min_freq_khz}, also the starting {@code min_freq_khz}
 * @param initialMaxKhz {@code initial_max_freq_khz}, also the starting {@code max_freq_khz}
 */
public record UncoreDomain(int packageId, int dieId, long initialMinKhz, long initialMaxKhz) {

  public UncoreDomain {
    if (packageId < 0 || packageId > 99 || dieId < 0 || dieId > 99) {
      throw new IllegalArgumentException(
          "uncore package " + packageId + " die " + dieId + ": ids must be 0-99");
    }
    if (initialMinKhz < 100_000 || initialMinKhz > initialMaxKhz) {
      throw new IllegalArgumentException(
          "uncore package "
              + packageId
              + " die "
              + dieId
              + ": initial range "
              + initialMinKhz
              + "-"
              + initialMaxKhz
              + " kHz is empty");
    }
  }

  /** The directory name, e.g. {@code package_01_die_00}. */
  public String dirName() {
    return String.format("package_%02d_die_%02d", packageId, dieId);
  }
}
