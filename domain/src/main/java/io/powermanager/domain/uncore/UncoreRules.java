package io.powermanager.domain.uncore;

import io.powermanager.domain.RuleResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The admission rules of the Uncore kind, once for the webhook and {@code validate}: the spec on
 * its own ({@link #checkSpec}), then against the power nodes it targets ({@link #check}). Values
 * that are not multiples of 100 MHz are allowed with a warning naming the value the driver keeps.
 */
public final class UncoreRules {

  /** The lowest value the driver takes (a ratio of 1). */
  public static final long LOWEST_KHZ = UncoreWindow.RATIO_KHZ;

  /** The highest ratio the driver takes is 127: 12.7 GHz. */
  public static final long HIGHEST_KHZ = 127 * UncoreWindow.RATIO_KHZ + UncoreWindow.RATIO_KHZ - 1;

  private UncoreRules() {}

  /** A {@code dieSelector} entry as written; absent fields are {@code null}. */
  public record Selector(Integer packageId, Integer die, Long minKhz, Long maxKhz) {}

  /**
   * An Uncore object as written.
   *
   * @param name {@code metadata.name}: the node, unless {@code nodeSelector} is set
   * @param nodeSelector {@code spec.nodeSelector}; empty (or {@code null}) targets the node named
   *     {@code name}
   * @param sysMinKhz {@code spec.sysMin}, or {@code null}
   * @param sysMaxKhz {@code spec.sysMax}, or {@code null}
   * @param dieSelector {@code spec.dieSelector}, or {@code null}
   */
  public record Request(
      String name,
      Map<String, String> nodeSelector,
      Long sysMinKhz,
      Long sysMaxKhz,
      List<Selector> dieSelector) {
    public Request {
      Objects.requireNonNull(name, "name");
      nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
      dieSelector = dieSelector == null ? List.of() : List.copyOf(dieSelector);
    }

    /** Whether the object targets its namesake node rather than a label selector. */
    public boolean nameTargeted() {
      return nodeSelector.isEmpty();
    }
  }

  /**
   * A power node as admission sees it.
   *
   * @param name the node
   * @param labels the Node's labels (for {@code nodeSelector})
   * @param domains the uncore domains of its {@code status.hardware}; empty without the driver
   */
  public record PowerNodeView(String name, Map<String, String> labels, List<UncoreDomain> domains) {
    public PowerNodeView {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      domains = List.copyOf(domains);
    }
  }

  /** Another Uncore object of the namespace: its name and selector. */
  public record OtherUncore(String name, Map<String, String> nodeSelector) {
    public OtherUncore {
      nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }
  }

  /**
   * The spec alone: at least one of the three fields, bounds in the driver's range, {@code sysMin ≤
   * sysMax}, each selector complete with {@code min ≤ max}, no duplicate entries.
   */
  public static RuleResult checkSpec(Request r) {
    RuleResult.Builder out = new RuleResult.Builder();
    if (r.sysMinKhz() == null && r.sysMaxKhz() == null && r.dieSelector().isEmpty()) {
      out.violation("spec", "set at least one of sysMin, sysMax and dieSelector");
    }
    value("spec.sysMin", r.sysMinKhz(), out);
    value("spec.sysMax", r.sysMaxKhz(), out);
    if (r.sysMinKhz() != null && r.sysMaxKhz() != null && r.sysMinKhz() > r.sysMaxKhz()) {
      out.violation(
          "spec.sysMin", r.sysMinKhz() + " kHz is above spec.sysMax " + r.sysMaxKhz() + " kHz");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < r.dieSelector().size(); i++) {
      Selector s = r.dieSelector().get(i);
      String field = "spec.dieSelector[" + i + "]";
      if (s.packageId() == null) {
        out.violation(field + ".package", "is required");
      } else if (s.packageId() < 0) {
        out.violation(field + ".package", s.packageId() + " is negative");
      }
      if (s.die() != null && s.die() < 0) {
        out.violation(field + ".die", s.die() + " is negative");
      }
      if (s.minKhz() == null) {
        out.violation(field + ".min", "is required");
      }
      if (s.maxKhz() == null) {
        out.violation(field + ".max", "is required");
      }
      value(field + ".min", s.minKhz(), out);
      value(field + ".max", s.maxKhz(), out);
      if (s.minKhz() != null && s.maxKhz() != null && s.minKhz() > s.maxKhz()) {
        out.violation(
            field + ".min", s.minKhz() + " kHz is above " + field + ".max " + s.maxKhz() + " kHz");
      }
      if (s.packageId() != null) {
        String key = s.packageId() + "/" + (s.die() == null ? "*" : s.die());
        if (!seen.add(key)) {
          out.violation(
              field,
              (s.die() == null
                      ? "package " + s.packageId()
                      : "package " + s.packageId() + " die " + s.die())
                  + " is listed twice");
        }
      }
    }
    return out.build();
  }

  private static void value(String field, Long khz, RuleResult.Builder out) {
    if (khz == null) {
      return;
    }
    if (khz < LOWEST_KHZ || khz > HIGHEST_KHZ) {
      out.violation(
          field,
          khz + " kHz is outside what the driver takes (" + LOWEST_KHZ + "-" + HIGHEST_KHZ + ")");
    } else if (khz % UncoreWindow.RATIO_KHZ != 0) {
      out.warning(
          field
              + " "
              + khz
              + " kHz is not a multiple of 100000 kHz; the driver keeps "
              + UncoreWindow.held(khz)
              + " kHz");
    }
  }

  /**
   * The limits of a spec that passed {@link #checkSpec}.
   *
   * @throws IllegalArgumentException when it did not
   */
  public static UncoreLimits parse(Request r) {
    RuleResult spec = checkSpec(r);
    if (!spec.allowed()) {
      throw new IllegalArgumentException(spec.message());
    }
    List<UncoreLimits.DieLimit> selectors = new ArrayList<>();
    for (Selector s : r.dieSelector()) {
      selectors.add(
          new UncoreLimits.DieLimit(
              s.packageId(),
              s.die() == null ? OptionalInt.empty() : OptionalInt.of(s.die()),
              s.minKhz(),
              s.maxKhz()));
    }
    return new UncoreLimits(
        r.sysMinKhz() == null ? OptionalLong.empty() : OptionalLong.of(r.sysMinKhz()),
        r.sysMaxKhz() == null ? OptionalLong.empty() : OptionalLong.of(r.sysMaxKhz()),
        selectors);
  }

  /** The names of the power nodes an Uncore with this name and selector applies to, sorted. */
  public static Set<String> targets(
      String name, Map<String, String> nodeSelector, List<PowerNodeView> nodes) {
    Set<String> out = new TreeSet<>();
    for (PowerNodeView n : nodes) {
      boolean hit =
          nodeSelector == null || nodeSelector.isEmpty()
              ? n.name().equals(name)
              : nodeSelector.entrySet().stream()
                  .allMatch(e -> e.getValue().equals(n.labels().get(e.getKey())));
      if (hit) {
        out.add(n.name());
      }
    }
    return out;
  }

  /**
   * The spec ({@link #checkSpec}) and its targets: a name-targeted object must name a power node;
   * no node may be targeted by another Uncore; each package/die and value must exist and lie in the
   * domain's initial range on at least one targeted node (a warning when only on some).
   */
  public static RuleResult check(
      Request r, List<PowerNodeView> powerNodes, List<OtherUncore> others) {
    RuleResult spec = checkSpec(r);
    RuleResult.Builder out = new RuleResult.Builder();
    Set<String> targeted = targets(r.name(), r.nodeSelector(), powerNodes);
    if (r.nameTargeted() && targeted.isEmpty()) {
      out.violation(
          "metadata.name",
          "\""
              + r.name()
              + "\" is not a power node; name the Uncore after a node the agent runs on or set"
              + " spec.nodeSelector");
    } else if (targeted.isEmpty()) {
      out.warning("spec.nodeSelector selects no power node; the Uncore changes nothing yet");
    }
    for (OtherUncore o : others) {
      if (o.name().equals(r.name())) {
        continue;
      }
      Set<String> both = new TreeSet<>(targets(o.name(), o.nodeSelector(), powerNodes));
      both.retainAll(targeted);
      if (!both.isEmpty()) {
        out.violation(
            r.nameTargeted() ? "metadata.name" : "spec.nodeSelector",
            "node "
                + String.join(", ", both)
                + " is already tuned by Uncore \""
                + o.name()
                + "\"; one Uncore per node");
      }
    }
    if (!spec.allowed() || targeted.isEmpty()) {
      return spec.and(out.build());
    }
    List<PowerNodeView> on = powerNodes.stream().filter(n -> targeted.contains(n.name())).toList();
    return spec.and(out.build()).and(checkDomains(r, on));
  }

  /**
   * The spec ({@link #checkSpec}) against exactly {@code nodes} (a schedule entry's uncore layer on
   * the schedule's nodes): each package/die and value must exist and lie in the domain's initial
   * range on at least one of them (a warning when only on some). Only the spec when {@code nodes}
   * is empty.
   */
  public static RuleResult checkOn(Request r, List<PowerNodeView> nodes) {
    RuleResult spec = checkSpec(r);
    if (!spec.allowed() || nodes.isEmpty()) {
      return spec;
    }
    return spec.and(checkDomains(r, nodes));
  }

  private static RuleResult checkDomains(Request r, List<PowerNodeView> nodes) {
    RuleResult.Builder out = new RuleResult.Builder();
    Map<String, List<UncoreDomain>> domains = new TreeMap<>();
    nodes.forEach(n -> domains.put(n.name(), n.domains()));
    UncoreLimits limits = parse(r);
    for (int i = 0; i < limits.selectors().size(); i++) {
      UncoreLimits.DieLimit s = limits.selectors().get(i);
      String field = "spec.dieSelector[" + i + "]";
      Set<String> without = new TreeSet<>();
      domains.forEach(
          (node, ds) -> {
            if (ds.stream().noneMatch(s::selects)) {
              without.add(node);
            }
          });
      if (without.size() == domains.size()) {
        out.violation(field, s + " is not an uncore domain of " + nodes(without));
        continue;
      }
      if (!without.isEmpty()) {
        out.warning(field + ": " + s + " is not an uncore domain of " + nodes(without));
      }
      range(field + ".min", s.minKhz(), domains, s::selects, out);
      range(field + ".max", s.maxKhz(), domains, s::selects, out);
    }
    limits.sysMinKhz().ifPresent(v -> range("spec.sysMin", v, domains, d -> true, out));
    limits.sysMaxKhz().ifPresent(v -> range("spec.sysMax", v, domains, d -> true, out));
    return out.build();
  }

  /**
   * {@link #check(Request, List, List)} against a catalog's power nodes and Uncore objects; only
   * the spec when the catalog does not know the nodes (validating files offline).
   */
  public static RuleResult check(Request r, io.powermanager.domain.rules.PowerCatalog catalog) {
    if (!catalog.knowsNodes()) {
      return checkSpec(r);
    }
    return check(r, catalog.uncoreNodes(), catalog.uncores());
  }

  private static void range(
      String field,
      long khz,
      Map<String, List<UncoreDomain>> domains,
      java.util.function.Predicate<UncoreDomain> applies,
      RuleResult.Builder out) {
    long held = UncoreWindow.held(khz);
    Set<String> outside = new TreeSet<>();
    Optional<UncoreDomain> example = Optional.empty();
    for (Map.Entry<String, List<UncoreDomain>> e : domains.entrySet()) {
      for (UncoreDomain d : e.getValue()) {
        if (applies.test(d) && !d.inRange(held)) {
          outside.add(e.getKey());
          example = example.or(() -> Optional.of(d));
        }
      }
    }
    if (outside.isEmpty()) {
      return;
    }
    String why =
        khz
            + " kHz is outside the initial range of "
            + example.get().dir()
            + " ("
            + example.get().initial()
            + ") on "
            + nodes(outside);
    if (outside.size() == domains.size()) {
      out.violation(field, why);
    } else {
      out.warning(field + " " + why + "; the agent clamps it there");
    }
  }

  private static String nodes(Set<String> names) {
    return (names.size() == 1 ? "node " : "nodes ") + String.join(", ", names);
  }
}
