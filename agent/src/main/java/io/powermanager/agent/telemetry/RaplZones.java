package io.powermanager.agent.telemetry;

import io.powermanager.agent.sysfs.Errno;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable intel-rapl zones of a powercap tree: {@code intel-rapl:P} (packages) and their
 * subzones {@code intel-rapl:P:S}, each with {@code name}, {@code energy_uj} and {@code
 * max_energy_range_uj}. Found once ({@link #discover}); a zone whose files cannot be read (RAPL is
 * root-only on recent kernels) is left out, so an unprivileged agent reports no RAPL rather than
 * failing.
 */
public final class RaplZones {

  /** At most this many packages and subzones per package are probed. */
  static final int MAX_PROBED = 64;

  /**
   * One zone.
   *
   * @param dir the directory, e.g. {@code intel-rapl:0:0}
   * @param label the metric label: the package zone's name ({@code package-0}), a subzone's name
   *     after its package's ({@code package-0/core})
   * @param maxRangeUj {@code max_energy_range_uj}
   * @param isPackage whether this is a package zone (package zones are summed for the node's
   *     package energy; subzones are parts of them)
   */
  public record Zone(String dir, String label, long maxRangeUj, boolean isPackage) {}

  private RaplZones() {}

  /** The zones found, packages in order, each package followed by its subzones. */
  public static List<Zone> discover(SysfsPort powercap) {
    List<Zone> zones = new ArrayList<>();
    for (int p = 0; p < MAX_PROBED; p++) {
      String dir = "intel-rapl:" + p;
      if (!powercap.exists(dir + "/energy_uj")) {
        break;
      }
      Zone pkg = zone(powercap, dir, null);
      if (pkg == null) {
        continue;
      }
      zones.add(pkg);
      for (int s = 0; s < MAX_PROBED; s++) {
        String sub = dir + ":" + s;
        if (!powercap.exists(sub + "/energy_uj")) {
          break;
        }
        Zone z = zone(powercap, sub, pkg.label());
        if (z != null) {
          zones.add(z);
        }
      }
    }
    return List.copyOf(zones);
  }

  private static Zone zone(SysfsPort powercap, String dir, String packageLabel) {
    try {
      String name = powercap.read(dir + "/name").strip();
      long range = Long.parseLong(powercap.read(dir + "/max_energy_range_uj").strip());
      powercap.read(dir + "/energy_uj");
      if (range <= 0) {
        return null;
      }
      return packageLabel == null
          ? new Zone(dir, name, range, true)
          : new Zone(dir, packageLabel + "/" + name, range, false);
    } catch (SysfsException | NumberFormatException e) {
      return null;
    }
  }

  /** A zone's {@code energy_uj} now. */
  public static long read(SysfsPort powercap, Zone zone) throws SysfsException {
    try {
      return Long.parseLong(powercap.read(zone.dir() + "/energy_uj").strip());
    } catch (NumberFormatException e) {
      throw new SysfsException(
          zone.dir() + "/energy_uj",
          null,
          Errno.EINVAL,
          "reading " + zone.dir() + "/energy_uj failed: not a number",
          e);
    }
  }
}
