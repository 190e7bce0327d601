package io.powermanager.domain.capacity;

import io.powermanager.domain.node.Heartbeat;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the power extended resources of one node: {@code power.intel.com/<profile>} for every
 * non-shared profile the node offers, sized by the profile's capacity rule from the node's
 * allocatable CPUs — but only while the node is selected by the PowerConfig and its agent is alive,
 * so that no pod is scheduled where nothing will tune it. Pure and thread-safe.
 */
public final class NodeCapacity {

  /**
   * How long after the stale deadline the plan is rechecked: {@link Heartbeat#judge} still calls a
   * heartbeat exactly {@link Heartbeat#STALE_AFTER} old fresh.
   */
  static final java.time.Duration RECHECK_MARGIN = java.time.Duration.ofMillis(1);

  private NodeCapacity() {}

  /**
   * The resources {@code node} should advertise at {@code now}.
   *
   * @param offers every valid profile of the power namespace that may be advertised; shared
   *     profiles ({@code epp: power}) and profiles of other nodes are skipped here
   */
  public static CapacityPlan plan(NodeFacts node, Collection<ProfileOffer> offers, Instant now) {
    if (!node.selected()) {
      return CapacityPlan.none(
          CapacityPlan.Reason.NOT_SELECTED,
          "node " + node.node() + " is not selected by a PowerConfig's powerNodeSelector");
    }
    Heartbeat.State agent = Heartbeat.judge(node.heartbeat(), now);
    if (agent instanceof Heartbeat.Missing) {
      return CapacityPlan.none(
          CapacityPlan.Reason.NO_AGENT,
          "no power agent has reported from node " + node.node() + " (no PowerNode heartbeat)");
    }
    if (agent instanceof Heartbeat.Stale stale) {
      return CapacityPlan.none(
          CapacityPlan.Reason.AGENT_STALE,
          "the power agent on node "
              + node.node()
              + " has been silent for "
              + Heartbeat.humanize(stale.silence())
              + " (stale after "
              + Heartbeat.humanize(Heartbeat.STALE_AFTER)
              + ")");
    }
    int cpus = node.allocatableCpus().map(c -> c.size()).orElse(0);
    if (cpus == 0) {
      return CapacityPlan.none(
          CapacityPlan.Reason.NO_ALLOCATABLE_CPUS,
          node.allocatableCpus().isEmpty()
              ? "the power agent on node " + node.node() + " has not reported allocatable CPUs"
              : "node " + node.node() + " has no allocatable CPUs");
    }
    Map<String, Long> resources = new TreeMap<>();
    for (ProfileOffer offer : offers) {
      PowerProfile p = offer.profile();
      if (p.isShared() || !offer.appliesTo(node.node())) {
        continue;
      }
      resources.put(PowerNames.resourceName(p.name()), (long) p.capacityOn(cpus));
    }
    Instant staleAt = node.heartbeat().orElseThrow().plus(Heartbeat.STALE_AFTER);
    return new CapacityPlan(
        resources,
        CapacityPlan.Reason.ADVERTISED,
        resources.size()
            + " profile(s) advertised on node "
            + node.node()
            + " over "
            + cpus
            + " allocatable CPU(s)",
        Optional.of(staleAt.isBefore(now) ? now : staleAt.plus(RECHECK_MARGIN)));
  }
}
