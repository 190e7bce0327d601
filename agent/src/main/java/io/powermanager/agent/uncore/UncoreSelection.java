package io.powermanager.agent.uncore;

import io.powermanager.api.convert.UncoreConversion;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.uncore.UncoreLimits;
import io.powermanager.domain.uncore.UncoreRules;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Uncore object applies to this node: the one named after it, or one whose {@code
 * nodeSelector} matches its labels. Admission allows one per node; should several apply anyway
 * (created while the webhook was down) the first by name wins and the others are reported. Pure.
 */
public final class UncoreSelection {

  private UncoreSelection() {}

  /**
   * The object for this node and its parsed limits.
   *
   * @param object the Uncore applying to this node, if any
   * @param limits its limits; empty without an object or when its spec is invalid (then the
   *     originals stay)
   * @param problems sentences for an invalid spec or further objects that were ignored
   */
  public record Selected(
      Optional<Uncore> object, Optional<UncoreLimits> limits, List<String> problems) {
    public Selected {
      problems = List.copyOf(problems);
    }

    public static Selected none() {
      return new Selected(Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * This selection with a schedule entry's uncore layer over the object's limits (per domain and
     * bound the layer wins); without a layer, this selection.
     */
    public Selected withLayer(Optional<UncoreLimits> layer) {
      if (layer.isEmpty()) {
        return this;
      }
      return new Selected(object, Optional.of(layer.get().over(limits)), problems);
    }
  }

  public static Selected forNode(String node, Map<String, String> labels, List<Uncore> uncores) {
    List<Uncore> matching =
        uncores.stream()
            .filter(
                u -> {
                  UncoreRules.Request r = UncoreConversion.request(u);
                  return r.nameTargeted()
                      ? node.equals(r.name())
                      : r.nodeSelector().entrySet().stream()
                          .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
                })
            .sorted(Comparator.comparing(u -> u.getMetadata().getName()))
            .toList();
    if (matching.isEmpty()) {
      return Selected.none();
    }
    Uncore chosen = matching.get(0);
    List<String> problems = new java.util.ArrayList<>();
    matching.stream()
        .skip(1)
        .forEach(
            u ->
                problems.add(
                    "Uncore \""
                        + u.getMetadata().getName()
                        + "\" also selects this node and is ignored; \""
                        + chosen.getMetadata().getName()
                        + "\" applies"));
    UncoreRules.Request request = UncoreConversion.request(chosen);
    RuleResult spec = UncoreRules.checkSpec(request);
    if (!spec.allowed()) {
      problems.add(
          "Uncore \"" + chosen.getMetadata().getName() + "\" is invalid: " + spec.message());
      return new Selected(Optional.of(chosen), Optional.empty(), problems);
    }
    return new Selected(Optional.of(chosen), Optional.of(UncoreRules.parse(request)), problems);
  }
}
