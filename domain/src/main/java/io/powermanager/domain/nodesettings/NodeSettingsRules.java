package io.powermanager.domain.nodesettings;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.rules.PowerCatalog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admission rules of the PowerNodeSettings kind, once for the webhook and {@code validate}: the
 * spec alone ({@link #checkSpec}), then against the power nodes it selects ({@link #check}): at
 * most one object per node, turbo only where a node has a turbo switch (a warning), limits ordered
 * and inside the hardware range once resolved on every core type of every selected node.
 */
public final class NodeSettingsRules {

  private NodeSettingsRules() {}

  /**
   * A PowerNodeSettings as written.
   *
   * @param name {@code metadata.name}
   * @param nodeSelector {@code spec.nodeSelector}; {@code null} when absent (refused)
   * @param turbo {@code spec.turbo}; {@code null} means Unchanged
   * @param min {@code spec.frequencyLimits.min} as the user wrote it, or {@code null}
   * @param max {@code spec.frequencyLimits.max} as the user wrote it, or {@code null}
   */
  public record Request(
      String name, LabelSelector nodeSelector, NodeSettings.Turbo turbo, String min, String max) {
    public Request {
      Objects.requireNonNull(name, "name");
      turbo = turbo == null ? NodeSettings.Turbo.UNCHANGED : turbo;
    }
  }

  /**
   * A power node as these rules see it.
   *
   * @param name the node
   * @param labels its Node's labels
   * @param turboKnob whether it reported a turbo switch
   * @param coreTypes the frequency range of each of its core types
   */
  public record PowerNodeView(
      String name, Map<String, String> labels, boolean turboKnob, List<HardwareRange> coreTypes) {
    public PowerNodeView {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      coreTypes = List.copyOf(coreTypes);
    }
  }

  /** Another PowerNodeSettings of the namespace. */
  public record Other(String name, LabelSelector nodeSelector) {}

  /**
   * The spec alone: a selector, parseable limits, limits ordered wherever that is hardware-free.
   */
  public static RuleResult checkSpec(Request r) {
    RuleResult.Builder out = new RuleResult.Builder();
    if (r.nodeSelector() == null) {
      out.violation("spec.nodeSelector", "is required");
    }
    Optional<FrequencyBound> min = bound("spec.frequencyLimits.min", r.min(), out);
    Optional<FrequencyBound> max = bound("spec.frequencyLimits.max", r.max(), out);
    if (min.isPresent() && max.isPresent()) {
      Optional<Boolean> ordered = FrequencyBound.orderedEverywhere(min.get(), max.get());
      if (ordered.isPresent() && !ordered.get()) {
        out.violation(
            "spec.frequencyLimits.min",
            "\"" + r.min() + "\" is above spec.frequencyLimits.max \"" + r.max() + "\"");
      }
    }
    return out.build();
  }

  private static Optional<FrequencyBound> bound(String field, String text, RuleResult.Builder out) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<FrequencyBound> b = FrequencyBound.parse(text);
    if (b.isEmpty()) {
      out.violation(field, "\"" + text + "\" is not " + FrequencyBound.FORMS);
    }
    return b;
  }

  /** The limits of a spec that passed {@link #checkSpec}, as the agent applies them. */
  public static NodeSettings parse(Request r, NodeSettings.Scope scope) {
    return new NodeSettings(
        r.name(),
        r.turbo(),
        r.min() == null ? Optional.empty() : FrequencyBound.parse(r.min()),
        r.max() == null ? Optional.empty() : FrequencyBound.parse(r.max()),
        scope == null ? NodeSettings.Scope.TUNED_CPUS : scope);
  }

  /** The power nodes {@code selector} picks, sorted. */
  public static Set<String> targets(LabelSelector selector, List<PowerNodeView> nodes) {
    Set<String> out = new TreeSet<>();
    if (selector == null) {
      return out;
    }
    for (PowerNodeView n : nodes) {
      if (selector.matches(n.labels())) {
        out.add(n.name());
      }
    }
    return out;
  }

  /**
   * {@link #checkSpec} and the rules against the selected power nodes and the other objects of the
   * namespace.
   */
  public static RuleResult check(Request r, List<PowerNodeView> nodes, List<Other> others) {
    RuleResult spec = checkSpec(r);
    if (!spec.allowed()) {
      return spec;
    }
    RuleResult.Builder out = new RuleResult.Builder();
    Set<String> targeted = targets(r.nodeSelector(), nodes);
    if (targeted.isEmpty()) {
      out.warning("spec.nodeSelector selects no power node; the settings change nothing yet");
      return spec.and(out.build());
    }
    for (Other o : others) {
      if (o.name().equals(r.name())) {
        continue;
      }
      Set<String> both = targets(o.nodeSelector(), nodes);
      both.retainAll(targeted);
      if (!both.isEmpty()) {
        out.violation(
            "spec.nodeSelector",
            nodes(both)
                + " already "
                + (both.size() == 1 ? "has" : "have")
                + " PowerNodeSettings \""
                + o.name()
                + "\"; one PowerNodeSettings per node");
      }
    }
    if (r.turbo() != NodeSettings.Turbo.UNCHANGED) {
      Set<String> without = new TreeSet<>();
      nodes.stream()
          .filter(n -> targeted.contains(n.name()) && !n.turboKnob())
          .forEach(n -> without.add(n.name()));
      if (!without.isEmpty()) {
        out.warning(
            "spec.turbo "
                + r.turbo().wire()
                + ": "
                + nodes(without)
                + (without.size() == targeted.size() ? " (every selected node)" : "")
                + " "
                + (without.size() == 1 ? "has" : "have")
                + " no turbo switch (intel_pstate/no_turbo or cpufreq/boost); turbo stays as"
                + " it is there");
      }
    }
    NodeSettings settings = parse(r, NodeSettings.Scope.TUNED_CPUS);
    for (PowerNodeView n : nodes) {
      if (!targeted.contains(n.name())) {
        continue;
      }
      for (HardwareRange range : n.coreTypes()) {
        limitsOn(n.name(), range, settings, out);
      }
    }
    return spec.and(out.build());
  }

  private static void limitsOn(
      String node, HardwareRange range, NodeSettings s, RuleResult.Builder out) {
    Optional<Frequency> min = resolve("min", node, range, s.min(), out);
    Optional<Frequency> max = resolve("max", node, range, s.max(), out);
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      out.violation(
          "spec.frequencyLimits.min",
          "\""
              + s.min().get().text()
              + "\" resolves to "
              + min.get()
              + " on node "
              + node
              + ", above max \""
              + s.max().get().text()
              + "\" at "
              + max.get());
    }
  }

  private static Optional<Frequency> resolve(
      String end,
      String node,
      HardwareRange range,
      Optional<FrequencyBound> bound,
      RuleResult.Builder out) {
    if (bound.isEmpty()) {
      return Optional.empty();
    }
    Optional<Frequency> f = bound.get().resolve(range);
    String field = "spec.frequencyLimits." + end;
    if (f.isEmpty()) {
      out.warning(
          field
              + " \"base\": node "
              + node
              + " has CPUs without base_frequency; the agent refuses the limit there");
      return f;
    }
    if (!range.contains(f.get())) {
      out.violation(
          field,
          f.get()
              + " is outside the hardware range "
              + range.min()
              + "-"
              + range.max()
              + " of node "
              + node);
    }
    return f;
  }

  /**
   * {@link #check(Request, List, List)} against a catalog; only the spec when the catalog does not
   * know the nodes (validating files offline).
   */
  public static RuleResult check(Request r, PowerCatalog catalog) {
    if (!catalog.knowsNodes()) {
      return checkSpec(r);
    }
    return check(r, catalog.nodeSettingsNodes(), catalog.nodeSettings());
  }

  private static String nodes(Set<String> names) {
    return (names.size() == 1 ? "node " : "nodes ") + String.join(", ", names);
  }
}
