package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.convert.UncoreConversion;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreNodeOutcome;
import io.powermanager.domain.uncore.UncoreRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An Uncore object's status from the power nodes' reports: the nodes it targets, what each made of
 * it (the PowerNode's {@code UncoreApplied} / {@code UncoreUnsupported} conditions) and its {@code
 * Applied} condition, True when every node holds its limits (clamped or not). Pure.
 */
public final class UncoreStatuses {

  /** The PowerNode condition the agent writes about the Uncore it applies. */
  public static final String NODE_CONDITION = "UncoreApplied";

  /** The PowerNode condition the agent writes when an Uncore selects a node without the driver. */
  public static final String UNSUPPORTED_CONDITION = "UncoreUnsupported";

  private UncoreStatuses() {}

  /**
   * The computed status.
   *
   * @param nodes the power nodes it targets, sorted
   * @param outcomes per node, in node order
   * @param verdict its {@code Applied} condition: whether every node holds its limits, and what the
   *     nodes that do not hold them say
   */
  public record Computed(
      List<String> nodes, List<UncoreNodeOutcome> outcomes, AppliedVerdict verdict) {
    public Computed {
      nodes = List.copyOf(nodes);
      outcomes = List.copyOf(outcomes);
    }
  }

  public static Computed compute(Uncore object, List<Uncore> all, List<NodeReport> reports) {
    String name = object.getMetadata().getName();
    List<String> nodes = new ArrayList<>();
    List<UncoreNodeOutcome> outcomes = new ArrayList<>();
    for (NodeReport r : reports) {
      if (!targets(object, r)) {
        continue;
      }
      nodes.add(r.node());
      String chosen =
          all.stream()
              .filter(u -> targets(u, r))
              .map(u -> u.getMetadata().getName())
              .min(Comparator.naturalOrder())
              .orElse(name);
      outcomes.add(outcome(name, chosen, r));
    }
    List<String> bad = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (UncoreNodeOutcome o : outcomes) {
      switch (o.getOutcome()) {
        case UncoreNodeOutcome.APPLIED, UncoreNodeOutcome.CLAMPED -> {}
        case UncoreNodeOutcome.PENDING -> pending.add(o.getNode());
        default -> bad.add("node " + o.getNode() + ": " + o.getOutcome() + ": " + o.getMessage());
      }
    }
    AppliedVerdict v =
        AppliedVerdict.of(
            nodes,
            bad,
            pending,
            UncoreConversion.request(object).nameTargeted()
                ? "\"" + name + "\" is not a power node; name it after a node or set nodeSelector"
                : "nodeSelector selects no power node",
            "limits hold on node " + String.join(", ", nodes));
    return new Computed(nodes, outcomes, v);
  }

  private static boolean targets(Uncore u, NodeReport r) {
    UncoreRules.Request request = UncoreConversion.request(u);
    return !UncoreRules.targets(
            request.name(),
            request.nodeSelector(),
            List.of(new UncoreRules.PowerNodeView(r.node(), r.labels(), List.of())))
        .isEmpty();
  }

  private static UncoreNodeOutcome outcome(String name, String chosen, NodeReport r) {
    if (!chosen.equals(name)) {
      return new UncoreNodeOutcome(
          r.node(),
          UncoreNodeOutcome.SUPERSEDED,
          "Uncore " + chosen + " tunes this node (one Uncore per node)");
    }
    Condition unsupported = r.condition(UNSUPPORTED_CONDITION);
    if (unsupported != null && "True".equals(unsupported.getStatus())) {
      return new UncoreNodeOutcome(
          r.node(), UncoreNodeOutcome.UNSUPPORTED, unsupported.getMessage());
    }
    Condition c = r.condition(NODE_CONDITION);
    if (c == null
        || c.getMessage() == null
        || !c.getMessage().startsWith("Uncore " + name + " ")
            && !c.getMessage().startsWith("Uncore " + name + ":")) {
      return new UncoreNodeOutcome(r.node(), UncoreNodeOutcome.PENDING, null);
    }
    String outcome =
        Map.of("Applied", UncoreNodeOutcome.APPLIED, "Clamped", UncoreNodeOutcome.CLAMPED)
            .getOrDefault(c.getReason(), UncoreNodeOutcome.REFUSED);
    return new UncoreNodeOutcome(
        r.node(), outcome, UncoreNodeOutcome.APPLIED.equals(outcome) ? null : c.getMessage());
  }
}
