package io.powermanager.domain.tuning;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.pool.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every online CPU of a node in exactly one {@link Pool}, as the seed describes them: Reserved
 * (online − allocatable, never tuned), Exclusive(profile) (the exclusive CPUs of containers that
 * asked for a profile, and reserved CPUs the shared workload gives a profile), Shared(profile) (the
 * rest, when the node has a shared profile) or Default (the rest, when it has none, and the CPUs
 * the shared workload lists as reserved while no exclusive container holds them). Immutable.
 */
public final class NodePools {

  private final CpuSet online;
  private final Map<Integer, Pool> poolByCpu;
  private final Map<Pool, CpuSet> cpusByPool;
  private final List<String> conflicts;

  private NodePools(
      CpuSet online, Map<Integer, Pool> poolByCpu, Map<Pool, CpuSet> cpusByPool, List<String> c) {
    this.online = online;
    this.poolByCpu = Collections.unmodifiableMap(poolByCpu);
    this.cpusByPool = Collections.unmodifiableMap(cpusByPool);
    this.conflicts = List.copyOf(c);
  }

  /**
   * Assigns the pools.
   *
   * @param online the node's online CPUs
   * @param allocatable the CPUs the kubelet may give to containers; {@code online − allocatable} is
   *     Reserved
   * @param claims exclusive CPUs by profile, in a stable order: when two claims name the same CPU
   *     the first wins and the second is reported in {@link #conflicts()}; a claimed CPU that is
   *     offline or reserved is reported and left where it is
   * @param sharedProfile the node's shared profile, when a shared workload selects the node
   */
  public static NodePools assign(
      CpuSet online,
      CpuSet allocatable,
      List<ExclusiveClaim> claims,
      Optional<String> sharedProfile) {
    return assign(online, allocatable, claims, sharedProfile, CpuSet.empty(), Map.of());
  }

  /**
   * Assigns the pools with the shared workload's reserved CPUs ({@code reservedCPUs}): what a
   * migrating user meant by them, those CPUs stay out of the Shared pool.
   *
   * @param listedReserved CPUs the shared workload lists as reserved: Default while no exclusive
   *     container holds them (one the kubelet gives to a container is that container's while it has
   *     it); the kubelet's reserved CPUs are never Shared, listed or not
   * @param reservedProfiles reserved CPUs the shared workload tunes with a profile, by CPU: that
   *     profile's Exclusive pool unless a container holds the CPU, kubelet-reserved or not
   */
  public static NodePools assign(
      CpuSet online,
      CpuSet allocatable,
      List<ExclusiveClaim> claims,
      Optional<String> sharedProfile,
      CpuSet listedReserved,
      Map<Integer, String> reservedProfiles) {
    Objects.requireNonNull(listedReserved, "listedReserved");
    Objects.requireNonNull(reservedProfiles, "reservedProfiles");
    Objects.requireNonNull(online, "online");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(sharedProfile, "sharedProfile");
    List<String> conflicts = new ArrayList<>();
    CpuSet usable = allocatable.intersect(online);
    Map<Integer, Pool> pools = new TreeMap<>();
    Map<Integer, String> claimedBy = new TreeMap<>();
    for (ExclusiveClaim claim : claims) {
      Pool pool = new Pool.Exclusive(claim.profile());
      for (int cpu : claim.cpus()) {
        if (!online.contains(cpu)) {
          conflicts.add(claim.owner() + " holds cpu " + cpu + ", which is not online");
        } else if (!usable.contains(cpu)) {
          conflicts.add(claim.owner() + " holds cpu " + cpu + ", which the kubelet reserves");
        } else if (claimedBy.containsKey(cpu)) {
          conflicts.add(
              claim.owner() + " holds cpu " + cpu + ", already held by " + claimedBy.get(cpu));
        } else {
          claimedBy.put(cpu, claim.owner());
          pools.put(cpu, pool);
        }
      }
    }
    Pool rest = sharedProfile.<Pool>map(Pool.Shared::new).orElseGet(Pool.Default::new);
    Pool reserved = new Pool.Reserved();
    Pool listed = new Pool.Default();
    for (int cpu : online) {
      if (pools.containsKey(cpu)) {
        continue; // an exclusive container holds it
      }
      String profile = reservedProfiles.get(cpu);
      if (profile != null) {
        pools.put(cpu, new Pool.Exclusive(profile));
      } else if (!usable.contains(cpu)) {
        pools.put(cpu, reserved);
      } else if (listedReserved.contains(cpu)) {
        pools.put(cpu, listed);
      } else {
        pools.put(cpu, rest);
      }
    }
    Map<Pool, List<Integer>> grouped = new LinkedHashMap<>();
    pools.forEach((cpu, pool) -> grouped.computeIfAbsent(pool, p -> new ArrayList<>()).add(cpu));
    Map<Pool, CpuSet> byPool = new LinkedHashMap<>();
    grouped.forEach((pool, cpus) -> byPool.put(pool, CpuSet.of(cpus)));
    return new NodePools(online, pools, byPool, conflicts);
  }

  public CpuSet online() {
    return online;
  }

  /**
   * The pool of an online CPU.
   *
   * @throws IllegalArgumentException when the CPU is not online
   */
  public Pool poolOf(int cpu) {
    Pool pool = poolByCpu.get(cpu);
    if (pool == null) {
      throw new IllegalArgumentException("cpu " + cpu + " is not online (" + online + ")");
    }
    return pool;
  }

  /** The CPUs of one pool; empty when no CPU is in it. */
  public CpuSet cpus(Pool pool) {
    return cpusByPool.getOrDefault(pool, CpuSet.empty());
  }

  /** Every non-empty pool with its CPUs. */
  public Map<Pool, CpuSet> byPool() {
    return cpusByPool;
  }

  /** Every online CPU with its pool, in CPU order. */
  public Map<Integer, Pool> byCpu() {
    return poolByCpu;
  }

  /** Claims that could not be honoured, one message each, naming the owner and the CPU. */
  public List<String> conflicts() {
    return conflicts;
  }
}
