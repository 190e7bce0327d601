package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.v1alpha1.CStates;
import java.util.ArrayList;
import java.util.List;

/**
 * A CStates object's status from the power nodes' reports: the nodes it targets (its {@code
 * nodeSelector}, else the node it is named after) and its {@code Applied} condition, True when
 * every one of them applies it (their PowerNode's {@code CStatesApplied} is True and names it).
 * Pure.
 */
public final class CStatesStatuses {

  /** The PowerNode condition the agent writes about its C-states. */
  public static final String NODE_CONDITION = "CStatesApplied";

  private CStatesStatuses() {}

  /**
   * The computed status.
   *
   * @param nodes the power nodes it targets, sorted
   * @param verdict its {@code Applied} condition
   */
  public record Computed(List<String> nodes, AppliedVerdict verdict) {
    public Computed {
      nodes = List.copyOf(nodes);
    }
  }

  public static Computed compute(CStates object, List<CStates> all, List<NodeReport> reports) {
    String name = object.getMetadata().getName();
    List<String> nodes = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (NodeReport r : reports) {
      if (!CStatesConversion.targets(object, r.node(), r.labels())) {
        continue;
      }
      nodes.add(r.node());
      String chosen =
          CStatesConversion.forNode(all, r.node(), r.labels()).get(0).getMetadata().getName();
      if (!chosen.equals(name)) {
        failed.add(
            "node " + r.node() + ": CStates " + chosen + " applies there (one object per node)");
        continue;
      }
      Condition c = r.condition(NODE_CONDITION);
      if (c == null || ("True".equals(c.getStatus()) && !mentions(c, name))) {
        pending.add(r.node());
      } else if (!"True".equals(c.getStatus())) {
        failed.add("node " + r.node() + ": " + c.getMessage());
      }
    }
    AppliedVerdict v =
        AppliedVerdict.of(
            nodes,
            failed,
            pending,
            object.getSpec() != null && object.getSpec().getNodeSelector() != null
                ? "nodeSelector selects no power node"
                : "\"" + name + "\" is not a power node; name it after a node or set nodeSelector",
            "applied on node " + String.join(", ", nodes));
    return new Computed(nodes, v);
  }

  private static boolean mentions(Condition c, String name) {
    return c.getMessage() != null && c.getMessage().contains("CStates " + name + " ");
  }
}
