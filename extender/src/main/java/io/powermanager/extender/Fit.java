package io.powermanager.extender;

import io.powermanager.domain.node.Heartbeat;
import io.powermanager.extender.capacity.NodeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a pod's power demand fits a node, and if not, why — in words a person can act on. Pure.
 *
 * <p>The reasons, in the order they are checked:
 *
 * <ol>
 *   <li>{@code no power agent}: no PowerNode for the node, or one without a heartbeat;
 *   <li>{@code power agent silent for 90s}: the last heartbeat is older than {@link
 *       Heartbeat#STALE_AFTER};
 *   <li>{@code profile "performance" is not offered on node n1}: the node's allocatable has no
 *       {@code power.intel.com/performance};
 *   <li>{@code needs 4 performance CPUs, 2 left}: not enough CPUs of the profile left.
 * </ol>
 *
 * The first two stop the check. Otherwise every profile of the pod is checked, in name order, and
 * all reasons are joined with {@code "; "}. The first three are {@link Unresolvable} (evicting pods
 * cannot help); the last is {@link Unschedulable} (preemption may help) unless the pod needs more
 * CPUs of a profile than the node has in all, which no eviction can fix.
 */
public sealed interface Fit {

  /** The pod fits. */
  record Fits() implements Fit {}

  /** Does not fit now; evicting lower-priority pods may make room. */
  record Unschedulable(String reason) implements Fit {}

  /** Does not fit, and evicting pods would not change that. */
  record Unresolvable(String reason) implements Fit {}

  Fit FITS = new Fits();

  /** The reason given when a node has no (live) power agent. */
  String NO_AGENT = "no power agent";

  /**
   * @param node what the view knows about the node, or {@code null} when it knows nothing
   * @param demand what the pod asks for; an empty demand fits every node
   * @param now to judge the heartbeat's age
   */
  static Fit judge(NodeState node, Map<String, Long> demand, Instant now) {
    return judge(node, Demand.of(demand), now);
  }

  /** As {@link #judge(NodeState, Map, Instant)}, for a demand flattened once per request. */
  static Fit judge(NodeState node, Demand demand, Instant now) {
    if (demand.isEmpty()) {
      return FITS;
    }
    if (node == null || !node.agentKnown()) {
      return new Unresolvable(NO_AGENT);
    }
    Heartbeat.State agent = Heartbeat.judge(node.heartbeat(), now);
    if (agent instanceof Heartbeat.Missing) {
      return new Unresolvable(NO_AGENT);
    }
    if (agent instanceof Heartbeat.Stale stale) {
      return new Unresolvable("power agent silent for " + Heartbeat.humanize(stale.silence()));
    }
    List<String> reasons = null;
    boolean resolvable = true;
    for (int i = 0; i < demand.size(); i++) {
      String profile = demand.profile(i);
      long needs = demand.cpus(i);
      int slot = node.slot(profile);
      if (!node.advertisesAt(slot)) {
        reasons = add(reasons, "profile \"" + profile + "\" is not offered on node " + node.name());
        resolvable = false;
      } else if (node.remainingAt(slot) < needs) {
        reasons = add(reasons, needs(needs, profile, node.remainingAt(slot)));
        resolvable &= needs <= node.allocatableAt(slot);
      }
    }
    if (reasons == null) {
      return FITS;
    }
    String reason = String.join("; ", reasons);
    return resolvable ? new Unschedulable(reason) : new Unresolvable(reason);
  }

  private static List<String> add(List<String> reasons, String reason) {
    List<String> out = reasons == null ? new ArrayList<>(2) : reasons;
    out.add(reason);
    return out;
  }

  private static String needs(long needs, String profile, long remaining) {
    return "needs "
        + needs
        + " "
        + profile
        + (needs == 1 ? " CPU, " : " CPUs, ")
        + Math.max(0, remaining)
        + " left";
  }
}
