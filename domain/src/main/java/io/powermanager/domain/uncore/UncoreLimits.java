package io.powermanager.domain.uncore;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an Uncore object asks of a node's domains, parsed ({@link UncoreRules#parse} checks the
 * spec): system bounds, each optional on its own (one alone changes that bound only), and package
 * or die selectors.
 *
 * @param sysMinKhz {@code spec.sysMin}: every domain's floor
 * @param sysMaxKhz {@code spec.sysMax}: every domain's ceiling
 * @param selectors {@code spec.dieSelector}, in spec order
 */
public record UncoreLimits(
    OptionalLong sysMinKhz, OptionalLong sysMaxKhz, List<DieLimit> selectors) {

  public UncoreLimits {
    Objects.requireNonNull(sysMinKhz, "sysMinKhz");
    Objects.requireNonNull(sysMaxKhz, "sysMaxKhz");
    selectors = List.copyOf(selectors);
  }

  /**
   * One {@code dieSelector} entry.
   *
   * @param packageId the package
   * @param die the die; empty for every die of the package
   * @param minKhz the floor
   * @param maxKhz the ceiling
   */
  public record DieLimit(int packageId, OptionalInt die, long minKhz, long maxKhz) {
    public DieLimit {
      Objects.requireNonNull(die, "die");
    }

    /** Whether this entry names {@code domain}: its package, and its die when one is given. */
    public boolean selects(UncoreDomain domain) {
      return packageId == domain.packageId() && (die.isEmpty() || die.getAsInt() == domain.dieId());
    }

    @Override
    public String toString() {
      return "package " + packageId + (die.isPresent() ? " die " + die.getAsInt() : "");
    }
  }
}
