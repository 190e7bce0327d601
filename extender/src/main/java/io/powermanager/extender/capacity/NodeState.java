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
  // Per profile, side by side so one cache line serves both: counts[2i] allocatable
  // (NOT_ADVERTISED when the node does not advertise profiles[i]), counts[2i+1] requested.
  private final long[] counts;

  private NodeState(
      String name,
      boolean nodeKnown,
      boolean agentKnown,
      Optional<Instant> heartbeat,
      String[] profiles,
      long[] counts) {
    this.name = Objects.requireNonNull(name, "name");
    this.nodeKnown = nodeKnown;
    this.agentKnown = agentKnown;
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.profiles = profiles;
    this.counts = counts;
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
    return new NodeState(name, false, false, Optional.empty(), NO_PROFILES, NONE);
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

  /**
   * Where the profile's counts are held, for reading several of them with one lookup: -1 when the
   * node neither advertises the profile nor has pods using it.
   */
  public int slot(String profile) {
    String[] p = profiles;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == profile || p[i].equals(profile)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the node advertises the profile in {@code slot} (even with zero CPUs). */
  public boolean advertisesAt(int slot) {
    return slot >= 0 && counts[2 * slot] != NOT_ADVERTISED;
  }

  /** Allocatable CPUs of the profile in {@code slot}; 0 when not advertised. */
  public long allocatableAt(int slot) {
    return slot < 0 ? 0 : Math.max(0, counts[2 * slot]);
  }

  /** Allocatable minus requested for {@code slot}; negative when pods took more. */
  public long remainingAt(int slot) {
    return slot < 0 ? 0 : Math.max(0, counts[2 * slot]) - counts[2 * slot + 1];
  }

  /** Whether the node advertises the profile at all (even with zero CPUs). */
  public boolean advertises(String profile) {
    return advertisesAt(slot(profile));
  }

  /** The profile's allocatable CPUs; 0 when not advertised. */
  public long allocatable(String profile) {
    return allocatableAt(slot(profile));
  }

  /** CPUs of the profile taken by non-terminal pods bound to this node. */
  public long requested(String profile) {
    int i = slot(profile);
    return i < 0 ? 0 : counts[2 * i + 1];
  }

  /** Allocatable minus requested; negative when pods took more than is advertised now. */
  public long remaining(String profile) {
    return remainingAt(slot(profile));
  }

  /** Profile name to allocatable CPUs, for logs and tests. */
  public Map<String, Long> allocatable() {
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < profiles.length; i++) {
      if (counts[2 * i] != NOT_ADVERTISED) {
        out.put(profiles[i], counts[2 * i]);
      }
    }
    return out;
  }

  /** Profile name to requested CPUs (non-zero entries), for logs and tests. */
  public Map<String, Long> requested() {
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < profiles.length; i++) {
      if (counts[2 * i + 1] != 0) {
        out.put(profiles[i], counts[2 * i + 1]);
      }
    }
    return out;
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
    return new NodeState(name, nodeKnown, known, beat, profiles, counts);
  }

  NodeState withoutAgent() {
    return new NodeState(name, nodeKnown, false, Optional.empty(), profiles, counts);
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
    for (int i = 1; i < counts.length; i += 2) {
      if (counts[i] != 0) {
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
    long[] c = new long[2 * p.length];
    for (int i = 0; i < p.length; i++) {
      long[] v = merged.get(p[i]);
      c[2 * i] = v[0];
      c[2 * i + 1] = v[1];
      p[i] = p[i].intern(); // so the scan in slot() mostly ends on identity
    }
    return new NodeState(name, known, agent, beat, p, c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeState s
        && name.equals(s.name)
        && nodeKnown == s.nodeKnown
        && agentKnown == s.agentKnown
        && heartbeat.equals(s.heartbeat)
        && Arrays.equals(profiles, s.profiles)
        && Arrays.equals(counts, s.counts);
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
