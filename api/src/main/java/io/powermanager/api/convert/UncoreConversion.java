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
    UncoreSpec spec = Objects.requireNonNullElseGet(uncore.getSpec(), UncoreSpec::new);
    List<DieSelector> selectors = Objects.requireNonNullElse(spec.getDieSelector(), List.of());
    return new UncoreRules.Request(
        uncore.getMetadata().getName(),
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
}
