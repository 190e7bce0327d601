package io.powermanager.domain.uncore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param under the limits this layer lies on (a schedule entry's layer over the node's Uncore
 *     object): each domain starts from the window {@code under} gives it, then this layer's system,
 *     package and die bounds win
 */
public record UncoreLimits(
    OptionalLong sysMinKhz,
    OptionalLong sysMaxKhz,
    List<DieLimit> selectors,
    Optional<UncoreLimits> under) {

  public UncoreLimits {
    Objects.requireNonNull(sysMinKhz, "sysMinKhz");
    Objects.requireNonNull(sysMaxKhz, "sysMaxKhz");
    selectors = List.copyOf(selectors);
    Objects.requireNonNull(under, "under");
  }

  /** One object's limits, on the originals. */
  public UncoreLimits(OptionalLong sysMinKhz, OptionalLong sysMaxKhz, List<DieLimit> selectors) {
    this(sysMinKhz, sysMaxKhz, selectors, Optional.empty());
  }

  /** These limits laid over {@code below} (when present). */
  public UncoreLimits over(Optional<UncoreLimits> below) {
    return new UncoreLimits(sysMinKhz, sysMaxKhz, selectors, below);
  }

  /**
   * The window these layers ask of {@code domain}, starting from {@code original}: {@code under}'s
   * window first, then sys, package and die bounds, later wins per bound. Not yet clamped.
   */
  public UncoreWindow window(UncoreDomain domain, UncoreWindow original) {
    UncoreWindow start = under.map(u -> u.window(domain, original)).orElse(original);
    long min = sysMinKhz.orElse(start.minKhz());
    long max = sysMaxKhz.orElse(start.maxKhz());
    for (DieLimit s : selectors) {
      if (s.selects(domain) && s.die().isEmpty()) {
        min = s.minKhz();
        max = s.maxKhz();
      }
    }
    for (DieLimit s : selectors) {
      if (s.selects(domain) && s.die().isPresent()) {
        min = s.minKhz();
        max = s.maxKhz();
      }
    }
    return new UncoreWindow(min, max);
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
