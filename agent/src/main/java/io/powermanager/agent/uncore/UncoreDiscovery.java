package io.powermanager.agent.uncore;

import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.uncore.UncoreDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the uncore frequency domains by listing {@code intel_uncore_frequency/} (not {@code
 * /proc/modules}, which misses a built-in driver): legacy {@code package_PP_die_DD/} directories,
 * and TPMI {@code uncoreNN/} ones (kernels 6.5+) named by their {@code package_id} and {@code
 * domain_id}. Where both stand for one package and die the legacy directory is kept (the driver
 * fans its writes out to the clusters). Each domain's bounds are its own {@code
 * initial_min_freq_khz}/{@code initial_max_freq_khz}; a directory without readable bounds is left
 * out. Stateless.
 */
public final class UncoreDiscovery {

  /** The driver's directory, relative to the CPU sysfs root. */
  public static final String ROOT = "intel_uncore_frequency";

  private static final Pattern LEGACY = Pattern.compile("package_(\\d+)_die_(\\d+)");
  private static final Pattern TPMI = Pattern.compile("uncore\\d+");

  private UncoreDiscovery() {}

  /** The domains, legacy first then TPMI, each in listing order; empty without the driver. */
  public static List<UncoreDomain> discover(SysfsPort sysfs) {
    List<String> names;
    try {
      names = sysfs.list(ROOT);
    } catch (SysfsException e) {
      return List.of();
    }
    List<UncoreDomain> legacy = new ArrayList<>();
    List<UncoreDomain> tpmi = new ArrayList<>();
    for (String name : names) {
      Matcher m = LEGACY.matcher(name);
      if (m.matches()) {
        domain(sysfs, name, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
            .ifPresent(legacy::add);
      } else if (TPMI.matcher(name).matches()) {
        Optional<Long> pkg = number(sysfs, ROOT + "/" + name + "/package_id");
        Optional<Long> die = number(sysfs, ROOT + "/" + name + "/domain_id");
        if (pkg.isPresent() && die.isPresent()) {
          domain(sysfs, name, pkg.get().intValue(), die.get().intValue()).ifPresent(tpmi::add);
        }
      }
    }
    Set<String> covered = new HashSet<>();
    legacy.forEach(d -> covered.add(d.packageId() + "/" + d.dieId()));
    List<UncoreDomain> out = new ArrayList<>(legacy);
    tpmi.stream().filter(d -> !covered.contains(d.packageId() + "/" + d.dieId())).forEach(out::add);
    return List.copyOf(out);
  }

  private static Optional<UncoreDomain> domain(SysfsPort sysfs, String dir, int pkg, int die) {
    Optional<Long> min = number(sysfs, ROOT + "/" + dir + "/initial_min_freq_khz");
    Optional<Long> max = number(sysfs, ROOT + "/" + dir + "/initial_max_freq_khz");
    if (min.isEmpty()
        || max.isEmpty()
        || min.get() <= 0
        || min.get() > max.get()
        || pkg < 0
        || die < 0) {
      return Optional.empty();
    }
    return Optional.of(new UncoreDomain(dir, pkg, die, min.get(), max.get()));
  }

  private static Optional<Long> number(SysfsPort sysfs, String path) {
    try {
      return Optional.of(Long.parseLong(sysfs.read(path).strip()));
    } catch (SysfsException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
