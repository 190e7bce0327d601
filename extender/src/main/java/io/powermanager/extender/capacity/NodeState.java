package io.powermanager.extender.capacity;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the extender knows about one node at one moment: the power profile CPUs its Node object
 * advertises as allocatable, the CPUs that pods bound to it take, and whether its power agent has a
 * PowerNode and when it last beat. Immutable: {@link CapacityView} replaces a node's state as a
 * whole, so a request that reads it once sees one consistent state.
 *
 * <p>Profiles are held in small parallel arrays rather than maps: a node has a handful of profiles,
 * and a request reads thousands of nodes, so a short scan over one array beats hashing (measured).
 */
public final class NodeState {

  private static final String[] NO_PROFILES = new String[0];
  private static final long[] NONE = new long[0];
  private static final long NOT_ADVERTISED = -1;

  private final String name;
  private final boolean nodeKnown;
  private final boolean agentKnown;
  private final Optional<Instant> heartbeat;
  private final String[] profiles;
  private final long[] allocatable; // NOT_ADVERTISED when the node does not advertise the profile
  private final long[] requested;

  private NodeState(
      String name,
      boolean nodeKnown,
      boolean agentKnown,
      Optional<Instant> heartbeat,
      String[] profiles,
      long[] allocatable,
      long[] requested) {
    this.name = Objects.requireNonNull(name, "name");
    this.nodeKnown = nodeKnown;
    this.agentKnown = agentKnown;
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.profiles = profiles;
    this.allocatable = allocatable;
    this.requested = requested;
  }

  /**
   * @param name the node's name
   * @param nodeKnown whether the Node object is in the cache
   * @param allocatable profile name to CPUs, from {@code status.allocatable[power.intel.com/*]}
   * @param requested profile name to CPUs taken by non-terminal pods bound to this node
   * @param agentKnown whether a PowerNode for this node is in the cache
   * @param heartbeat the PowerNode's last heartbeat, if it has one
   */
  public static NodeState of(
      String name,
      boolean nodeKnown,
      Map<String, Long> allocatable,
      Map<String, Long> requested,
      boolean agentKnown,
      Optional<Instant> heartbeat) {
    return unknown(name)
        .withNode(allocatable, nodeKnown)
        .charge(requested, 1)
        .withAgent(heartbeat, agentKnown);
  }

  /** A node nothing is known about yet. */
  public static NodeState unknown(String name) {
    return new NodeState(name, false, false, Optional.empty(), NO_PROFILES, NONE, NONE);
  }

  public String name() {
    return name;
  }

  public boolean nodeKnown() {
    return nodeKnown;
  }

  public boolean agentKnown() {
    return agentKnown;
  }

  public Optional<Instant> heartbeat() {
    return heartbeat;
  }

  /** Whether the node advertises the profile at all (even with zero CPUs). */
  public boolean advertises(String profile) {
    int i = indexOf(profile);
    return i >= 0 && allocatable[i] != NOT_ADVERTISED;
  }

  /** The profile's allocatable CPUs; 0 when not advertised. */
  public long allocatable(String profile) {
    int i = indexOf(profile);
    return i < 0 || allocatable[i] == NOT_ADVERTISED ? 0 : allocatable[i];
  }

  /** CPUs of the profile taken by non-terminal pods bound to this node. */
  public long requested(String profile) {
    int i = indexOf(profile);
    return i < 0 ? 0 : requested[i];
  }

  /** Allocatable minus requested; negative when pods took more than is advertised now. */
  public long remaining(String profile) {
    int i = indexOf(profile);
    return i < 0 ? 0 : Math.max(0, allocatable[i]) - requested[i];
  }

  /** Profile name to allocatable CPUs, for logs and tests. */
  public Map<String, Long> allocatable() {
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < profiles.length; i++) {
      if (allocatable[i] != NOT_ADVERTISED) {
        out.put(profiles[i], allocatable[i]);
      }
    }
    return out;
  }

  /** Profile name to requested CPUs (non-zero entries), for logs and tests. */
  public Map<String, Long> requested() {
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < profiles.length; i++) {
      if (requested[i] != 0) {
        out.put(profiles[i], requested[i]);
      }
    }
    return out;
  }

  private int indexOf(String profile) {
    String[] p = profiles;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == profile || p[i].equals(profile)) {
        return i;
      }
    }
    return -1;
  }

  NodeState withNode(Map<String, Long> newAllocatable) {
    return withNode(newAllocatable, true);
  }

  private NodeState withNode(Map<String, Long> newAllocatable, boolean known) {
    if (nodeKnown == known && allocatable().equals(newAllocatable)) {
      return this;
    }
    return rebuild(known, agentKnown, heartbeat, newAllocatable, requested());
  }

  NodeState withoutNode() {
    return rebuild(false, agentKnown, heartbeat, Map.of(), requested());
  }

  NodeState withAgent(Optional<Instant> beat) {
    return withAgent(beat, true);
  }

  private NodeState withAgent(Optional<Instant> beat, boolean known) {
    if (agentKnown == known && heartbeat.equals(beat)) {
      return this;
    }
    return new NodeState(name, nodeKnown, known, beat, profiles, allocatable, requested);
  }

  NodeState withoutAgent() {
    return new NodeState(
        name, nodeKnown, false, Optional.empty(), profiles, allocatable, requested);
  }

  /** Adds ({@code sign} = 1) or releases ({@code sign} = -1) a pod's CPUs. */
  NodeState charge(Map<String, Long> cpus, int sign) {
    if (cpus.isEmpty()) {
      return this;
    }
    TreeMap<String, Long> next = new TreeMap<>(requested());
    cpus.forEach((profile, n) -> next.merge(profile, sign * n, Long::sum));
    next.values().removeIf(v -> v == 0);
    return rebuild(nodeKnown, agentKnown, heartbeat, allocatable(), next);
  }

  /** Nothing left worth keeping: no Node, no PowerNode, no pod charged. */
  boolean isEmpty() {
    if (nodeKnown || agentKnown) {
      return false;
    }
    for (long r : requested) {
      if (r != 0) {
        return false;
      }
    }
    return true;
  }

  private NodeState rebuild(
      boolean known,
      boolean agent,
      Optional<Instant> beat,
      Map<String, Long> alloc,
      Map<String, Long> req) {
    TreeMap<String, long[]> merged = new TreeMap<>();
    alloc.forEach((p, n) -> merged.computeIfAbsent(p, k -> new long[] {NOT_ADVERTISED, 0})[0] = n);
    req.forEach((p, n) -> merged.computeIfAbsent(p, k -> new long[] {NOT_ADVERTISED, 0})[1] = n);
    String[] p = merged.keySet().toArray(NO_PROFILES);
    for (int i = 0; i < p.length; i++) {
      p[i] = p[i].intern(); // so the scan in indexOf mostly ends on identity
    }
    long[] a = new long[p.length];
    long[] r = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      long[] v = merged.get(p[i]);
      a[i] = v[0];
      r[i] = v[1];
    }
    return new NodeState(name, known, agent, beat, p, a, r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeState s
        && name.equals(s.name)
        && nodeKnown == s.nodeKnown
        && agentKnown == s.agentKnown
        && heartbeat.equals(s.heartbeat)
        && Arrays.equals(profiles, s.profiles)
        && Arrays.equals(allocatable, s.allocatable)
        && Arrays.equals(requested, s.requested);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, nodeKnown, agentKnown, heartbeat, Arrays.hashCode(profiles));
  }

  @Override
  public String toString() {
    return "NodeState[name="
        + name
        + ", nodeKnown="
        + nodeKnown
        + ", allocatable="
        + allocatable()
        + ", requested="
        + requested()
        + ", agentKnown="
        + agentKnown
        + ", heartbeat="
        + heartbeat
        + "]";
  }
}
