package io.powermanager.extender.capacity;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the extender knows about one node at one moment: the power profile CPUs its Node object
 * advertises as allocatable, the CPUs that pods bound to it take, and whether its power agent has a
 * PowerNode and when it last beat. Immutable: {@link CapacityView} replaces a node's state as a
 * whole, so a request that reads it once sees one consistent state.
 *
 * @param name the node's name
 * @param nodeKnown whether the Node object is in the cache
 * @param allocatable profile name to CPUs, from {@code status.allocatable[power.intel.com/*]}
 * @param requested profile name to CPUs taken by non-terminal pods bound to this node; entries with
 *     zero are left out
 * @param agentKnown whether a PowerNode for this node is in the cache
 * @param heartbeat the PowerNode's last heartbeat, if it has one
 */
public record NodeState(
    String name,
    boolean nodeKnown,
    Map<String, Long> allocatable,
    Map<String, Long> requested,
    boolean agentKnown,
    Optional<Instant> heartbeat) {

  public NodeState {
    Objects.requireNonNull(name, "name");
    allocatable = Map.copyOf(allocatable);
    requested = Map.copyOf(requested);
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /** A node nothing is known about yet. */
  public static NodeState unknown(String name) {
    return new NodeState(name, false, Map.of(), Map.of(), false, Optional.empty());
  }

  /** Whether the node advertises the profile at all (even with zero CPUs). */
  public boolean advertises(String profile) {
    return allocatable.containsKey(profile);
  }

  public long allocatable(String profile) {
    return allocatable.getOrDefault(profile, 0L);
  }

  public long requested(String profile) {
    return requested.getOrDefault(profile, 0L);
  }

  /** Allocatable minus requested; negative when pods took more than is advertised now. */
  public long remaining(String profile) {
    return allocatable(profile) - requested(profile);
  }

  NodeState withNode(Map<String, Long> newAllocatable) {
    if (nodeKnown && allocatable.equals(newAllocatable)) {
      return this;
    }
    return new NodeState(name, true, newAllocatable, requested, agentKnown, heartbeat);
  }

  NodeState withoutNode() {
    return new NodeState(name, false, Map.of(), requested, agentKnown, heartbeat);
  }

  NodeState withAgent(Optional<Instant> beat) {
    if (agentKnown && heartbeat.equals(beat)) {
      return this;
    }
    return new NodeState(name, nodeKnown, allocatable, requested, true, beat);
  }

  NodeState withoutAgent() {
    return new NodeState(name, nodeKnown, allocatable, requested, false, Optional.empty());
  }

  /** Adds ({@code sign} = 1) or releases ({@code sign} = -1) a pod's CPUs. */
  NodeState charge(Map<String, Long> cpus, int sign) {
    Map<String, Long> next = new HashMap<>(requested);
    cpus.forEach(
        (profile, n) -> {
          long v = next.getOrDefault(profile, 0L) + sign * n;
          if (v == 0) {
            next.remove(profile);
          } else {
            next.put(profile, v);
          }
        });
    return new NodeState(name, nodeKnown, allocatable, next, agentKnown, heartbeat);
  }

  /** Nothing left worth keeping: no Node, no PowerNode, no pod charged. */
  boolean isEmpty() {
    return !nodeKnown && !agentKnown && requested.isEmpty();
  }
}
