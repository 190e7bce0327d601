package io.powermanager.testkit.sysfs;

/**
 * One uncore frequency domain: a legacy {@code intel_uncore_frequency/package_XX_die_YY/}
 * directory, or a TPMI {@code intel_uncore_frequency/uncoreNN/} one (kernels 6.5+) with {@code
 * package_id}, {@code domain_id} and {@code fabric_cluster_id}.
 *
 * @param packageId the package, printed with two digits (TPMI: {@code package_id})
 * @param dieId the die within the package, printed with two digits (TPMI: {@code domain_id})
 * @param initialMinKhz {@code initial_min_freq_khz}, also the starting {@code min_freq_khz}
 * @param initialMaxKhz {@code initial_max_freq_khz}, also the starting {@code max_freq_khz}
 * @param tpmiIndex the {@code NN} of a TPMI {@code uncoreNN} directory; {@code -1} for legacy
 */
public record UncoreDomain(
    int packageId, int dieId, long initialMinKhz, long initialMaxKhz, int tpmiIndex) {

  public UncoreDomain {
    if (packageId < 0 || packageId > 99 || dieId < 0 || dieId > 99) {
      throw new IllegalArgumentException(
          "uncore package " + packageId + " die " + dieId + ": ids must be 0-99");
    }
    if (tpmiIndex < -1 || tpmiIndex > 99) {
      throw new IllegalArgumentException("uncore TPMI index " + tpmiIndex + " is not in 0-99");
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

  /** A legacy {@code package_XX_die_YY} domain. */
  public UncoreDomain(int packageId, int dieId, long initialMinKhz, long initialMaxKhz) {
    this(packageId, dieId, initialMinKhz, initialMaxKhz, -1);
  }

  /** A TPMI {@code uncoreNN} domain of one fabric cluster (0). */
  public static UncoreDomain tpmi(
      int index, int packageId, int domainId, long initialMinKhz, long initialMaxKhz) {
    return new UncoreDomain(packageId, domainId, initialMinKhz, initialMaxKhz, index);
  }

  public boolean isTpmi() {
    return tpmiIndex >= 0;
  }

  /** The directory name, e.g. {@code package_01_die_00} or {@code uncore03}. */
  public String dirName() {
    return isTpmi()
        ? String.format("uncore%02d", tpmiIndex)
        : String.format("package_%02d_die_%02d", packageId, dieId);
  }
}
