package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.convert.NodeSettingsConversion;
import io.powermanager.api.v1alpha1.NodeSettingsOutcome;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.domain.nodesettings.NodeSettingsRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PowerNodeSettings object's status from the power nodes' reports: the nodes its {@code
 * nodeSelector} picks, what each made of it (the PowerNode's {@code NodeSettingsApplied} condition,
 * which names the object, and turbo's state from {@code status.hardware.turbo}) and its {@code
 * Applied} condition ({@link AppliedVerdict}), True when every node applies it, clamped or not. A
 * node another object selects first by name reports {@code Superseded}, as the agent applies only
 * that one. Pure.
 */
public final class NodeSettingsStatuses {

  /** The PowerNode condition the agent writes about the PowerNodeSettings it applies. */
  public static final String NODE_CONDITION = "NodeSettingsApplied";

  private NodeSettingsStatuses() {}

  /**
   * The computed status.
   *
   * @param nodes the power nodes it targets, sorted
   * @param outcomes per node, in node order
   * @param verdict its {@code Applied} condition
   */
  public record Computed(
      List<String> nodes, List<NodeSettingsOutcome> outcomes, AppliedVerdict verdict) {
    public Computed {
      nodes = List.copyOf(nodes);
      outcomes = List.copyOf(outcomes);
    }
  }

  public static Computed compute(
      PowerNodeSettings object, List<PowerNodeSettings> all, List<NodeReport> reports) {
    String name = object.getMetadata().getName();
    List<String> nodes = new ArrayList<>();
    List<NodeSettingsOutcome> outcomes = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (NodeReport r : reports) {
      if (!targets(object, r)) {
        continue;
      }
      nodes.add(r.node());
      String chosen =
          all.stream()
              .filter(o -> o.getMetadata() != null && o.getMetadata().getName() != null)
              .filter(o -> applicable(o) && targets(o, r))
              .map(o -> o.getMetadata().getName())
              .min(Comparator.naturalOrder())
              .orElse(name);
      NodeSettingsOutcome o = outcome(name, chosen, r);
      outcomes.add(o);
      switch (o.getOutcome()) {
        case NodeSettingsOutcome.APPLIED, NodeSettingsOutcome.CLAMPED -> {}
        case NodeSettingsOutcome.PENDING -> pending.add(r.node());
        default -> failed.add("node " + r.node() + ": " + o.getOutcome() + ": " + o.getMessage());
      }
    }
    AppliedVerdict verdict =
        AppliedVerdict.of(
            nodes,
            failed,
            pending,
            "nodeSelector selects no power node",
            "applied on node " + String.join(", ", nodes));
    return new Computed(nodes, outcomes, verdict);
  }

  private static boolean applicable(PowerNodeSettings o) {
    return NodeSettingsRules.checkSpec(NodeSettingsConversion.request(o)).allowed();
  }

  private static boolean targets(PowerNodeSettings o, NodeReport r) {
    NodeSettingsRules.Request request = NodeSettingsConversion.request(o);
    return request.nodeSelector() != null && request.nodeSelector().matches(r.labels());
  }

  private static NodeSettingsOutcome outcome(String name, String chosen, NodeReport r) {
    String turbo = r.turbo().map(on -> on ? "On" : "Off").orElse(null);
    if (!chosen.equals(name)) {
      return new NodeSettingsOutcome(
          r.node(),
          NodeSettingsOutcome.SUPERSEDED,
          turbo,
          "PowerNodeSettings " + chosen + " applies there (one per node; the first by name wins)");
    }
    Condition c = r.condition(NODE_CONDITION);
    if (c == null
        || c.getMessage() == null
        || !c.getMessage().startsWith("PowerNodeSettings " + name + ":")) {
      return new NodeSettingsOutcome(r.node(), NodeSettingsOutcome.PENDING, turbo, null);
    }
    String outcome =
        Map.of(
                "Applied", NodeSettingsOutcome.APPLIED,
                "Clamped", NodeSettingsOutcome.CLAMPED,
                "TurboLocked", NodeSettingsOutcome.TURBO_LOCKED)
            .getOrDefault(
                Optional.ofNullable(c.getReason()).orElse(""), NodeSettingsOutcome.REFUSED);
    return new NodeSettingsOutcome(
        r.node(),
        outcome,
        turbo,
        NodeSettingsOutcome.APPLIED.equals(outcome) ? null : c.getMessage());
  }
}
