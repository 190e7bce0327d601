package io.powermanager.api.convert;

import io.powermanager.api.v1alpha1.DieSelector;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.domain.uncore.UncoreRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Uncore objects as the domain's {@link UncoreRules.Request}: the one mapping for every reader. */
public final class UncoreConversion {

  private UncoreConversion() {}

  /** The request an Uncore object makes (a missing spec asks nothing). */
  public static UncoreRules.Request request(Uncore uncore) {
    return request(uncore.getMetadata().getName(), uncore.getSpec());
  }

  /** The request of an Uncore spec named {@code name} (a schedule entry's uncore layer). */
  public static UncoreRules.Request request(String name, UncoreSpec written) {
    UncoreSpec spec = Objects.requireNonNullElseGet(written, UncoreSpec::new);
    List<DieSelector> selectors = Objects.requireNonNullElse(spec.getDieSelector(), List.of());
    return new UncoreRules.Request(
        name,
        Objects.requireNonNullElse(spec.getNodeSelector(), Map.of()),
        spec.getSysMin(),
        spec.getSysMax(),
        selectors.stream()
            .map(s -> new UncoreRules.Selector(s.getPackage(), s.getDie(), s.getMin(), s.getMax()))
            .toList());
  }

  /** {@link UncoreRules.OtherUncore} of an existing object, for the one-per-node rule. */
  public static UncoreRules.OtherUncore other(Uncore uncore) {
    UncoreSpec spec = Objects.requireNonNullElseGet(uncore.getSpec(), UncoreSpec::new);
    return new UncoreRules.OtherUncore(uncore.getMetadata().getName(), spec.getNodeSelector());
  }

  private static final java.util.regex.Pattern LEGACY =
      java.util.regex.Pattern.compile("package_(\\d+)_die_(\\d+)");

  /**
   * A PowerNode's uncore domains from {@code status.hardware.uncore} (package and die as reported,
   * or read from a legacy directory name); entries that say too little are left out.
   */
  public static List<io.powermanager.domain.uncore.UncoreDomain> domains(
      io.powermanager.api.v1alpha1.PowerNode node) {
    if (node.getStatus() == null || node.getStatus().getHardware() == null) {
      return List.of();
    }
    List<io.powermanager.domain.uncore.UncoreDomain> out = new java.util.ArrayList<>();
    for (io.powermanager.api.v1alpha1.UncoreDomain d :
        Objects.requireNonNullElse(
            node.getStatus().getHardware().getUncore(),
            List.<io.powermanager.api.v1alpha1.UncoreDomain>of())) {
      Integer pkg = d.getPackage();
      Integer die = d.getDie();
      if (d.getDomain() == null) {
        continue;
      }
      java.util.regex.Matcher m = LEGACY.matcher(d.getDomain());
      if ((pkg == null || die == null) && m.matches()) {
        pkg = Integer.parseInt(m.group(1));
        die = Integer.parseInt(m.group(2));
      }
      if (pkg == null
          || die == null
          || d.getInitialMinMHz() == null
          || d.getInitialMaxMHz() == null
          || d.getInitialMinMHz() <= 0
          || d.getInitialMinMHz() > d.getInitialMaxMHz()) {
        continue;
      }
      out.add(
          new io.powermanager.domain.uncore.UncoreDomain(
              d.getDomain(), pkg, die, d.getInitialMinMHz() * 1000L, d.getInitialMaxMHz() * 1000L));
    }
    return out;
  }
}
