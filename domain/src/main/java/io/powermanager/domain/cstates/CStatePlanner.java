package io.powermanager.domain.cstates;

import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The layered per-CPU C-state planner. Per CPU and per state name, later layers win:
 *
 * <ol>
 *   <li>the CPU's original {@code disable} value (the snapshot's; the value read when there is no
 *       snapshot yet);
 *   <li>the running profile's {@code cstates} (Shared-pool CPUs run the shared profile, Exclusive
 *       ones their pod's); a {@code maxLatencyUs} disables the states above the bound and leaves
 *       the others as the lower layer has them;
 *   <li>the node's CStates object: {@code sharedPoolCStates} for Shared-pool CPUs, {@code
 *       exclusivePoolCStates[profile]} for CPUs running that profile;
 *   <li>{@code individualCoreCStates[cpu]}, for any CPU, reserved and Default ones included.
 * </ol>
 *
 * A CPU without layers wants its originals back, so releasing a CPU or deleting the object is an
 * exact restore. Only files whose value read differs from the desired one are written ({@code 1} or
 * {@code 0}), never "reset everything, then apply".
 */
public final class CStatePlanner {

  private CStatePlanner() {}

  /** The layers above a CPU's originals, lowest first; empty when nothing asks anything of it. */
  public static List<CStateLayer> layers(
      int cpu,
      Pool pool,
      String node,
      Function<String, Optional<CStateRequest>> profiles,
      Optional<CStatesConfig> config) {
    List<CStateLayer> layers = new ArrayList<>(3);
    Optional<String> profile = Optional.empty();
    if (pool instanceof Pool.Shared s) {
      profile = Optional.of(s.profile());
    } else if (pool instanceof Pool.Exclusive e) {
      profile = Optional.of(e.profile());
    }
    profile.ifPresent(
        p -> profiles.apply(p).ifPresent(r -> layers.add(new CStateLayer("profile " + p, r))));
    config.ifPresent(c -> objectLayers(cpu, pool, node, c, layers));
    return List.copyOf(layers);
  }

  /** The layers of one CStates object (after those it lies on), lowest first. */
  private static void objectLayers(
      int cpu, Pool pool, String node, CStatesConfig c, List<CStateLayer> layers) {
    c.under().ifPresent(below -> objectLayers(cpu, pool, node, below, layers));
    if (pool instanceof Pool.Shared && !c.sharedPool().isEmpty()) {
      layers.add(
          new CStateLayer(
              "CStates " + c.name() + " sharedPoolCStates",
              new CStateRequest.Names(c.sharedPool())));
    } else if (pool instanceof Pool.Exclusive e) {
      c.exclusiveFor(e.profile(), node)
          .ifPresent(
              m ->
                  layers.add(
                      new CStateLayer(
                          "CStates " + c.name() + " exclusivePoolCStates[" + e.profile() + "]",
                          new CStateRequest.Names(m))));
    }
    Map<String, Boolean> own = c.individualCores().get(cpu);
    if (own != null && !own.isEmpty()) {
      layers.add(
          new CStateLayer(
              "CStates " + c.name() + " individualCoreCStates[" + cpu + "]",
              new CStateRequest.Names(own)));
    }
  }

  /**
   * Every state of one CPU with whether it should be disabled, in table order.
   *
   * @param table the CPU's idle states
   * @param original index → original disable value
   * @param layers lowest first
   * @return state name → disabled
   */
  public static Map<String, Boolean> desired(
      List<IdleState> table, Map<Integer, Boolean> original, List<CStateLayer> layers) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (IdleState state : table) {
      Boolean base = original.get(state.index());
      if (base == null) {
        throw new IllegalArgumentException(
            "state" + state.index() + " (" + state.name() + ") has no original value");
      }
      boolean disabled = base;
      for (CStateLayer layer : layers) {
        disabled = layer.request().disabled(state, disabled);
      }
      out.put(state.name(), disabled);
    }
    return out;
  }

  /**
   * One CPU's observed idle states.
   *
   * @param table its states (name, latency), from its own files
   * @param disabled index → the {@code disable} value read now
   */
  public record CpuIdle(List<IdleState> table, Map<Integer, Boolean> disabled) {
    public CpuIdle {
      table = List.copyOf(table);
      disabled = Map.copyOf(disabled);
    }
  }

  /**
   * The node's C-state plan.
   *
   * @param writes the {@code disable} writes, CPU by CPU in ascending order, state by state
   * @param desired CPU → state name → disabled, for every CPU planned
   * @param layered CPU → the layers that apply to it (CPUs without layers are absent)
   */
  public record Plan(
      List<PlannedWrite> writes,
      Map<Integer, Map<String, Boolean>> desired,
      Map<Integer, List<CStateLayer>> layered) {
    public Plan {
      writes = List.copyOf(writes);
      desired = java.util.Collections.unmodifiableMap(new TreeMap<>(desired));
      layered = java.util.Collections.unmodifiableMap(new TreeMap<>(layered));
    }

    public static Plan empty() {
      return new Plan(List.of(), Map.of(), Map.of());
    }

    /** The writes of one CPU, in order. */
    public List<PlannedWrite> writesOf(int cpu) {
      return writes.stream().filter(w -> w.cpu() == cpu).toList();
    }
  }

  /**
   * Plans every observed CPU.
   *
   * @param node this node
   * @param pools the CPUs' pools
   * @param observed CPU → its idle states now; CPUs not observed are not planned
   * @param originals the snapshot's single files (path → value); a state whose {@code disable} is
   *     not in it is original as read
   * @param profiles profile name → its {@code cstates}, when it has any
   * @param config the node's CStates object
   */
  public static Plan plan(
      String node,
      NodePools pools,
      Map<Integer, CpuIdle> observed,
      Map<String, String> originals,
      Function<String, Optional<CStateRequest>> profiles,
      Optional<CStatesConfig> config) {
    Objects.requireNonNull(originals, "originals");
    List<PlannedWrite> writes = new ArrayList<>();
    Map<Integer, Map<String, Boolean>> desired = new TreeMap<>();
    Map<Integer, List<CStateLayer>> layered = new TreeMap<>();
    for (Map.Entry<Integer, CpuIdle> e : new TreeMap<>(observed).entrySet()) {
      int cpu = e.getKey();
      if (!pools.online().contains(cpu)) {
        continue;
      }
      CpuIdle idle = e.getValue();
      List<CStateLayer> layers = layers(cpu, pools.poolOf(cpu), node, profiles, config);
      if (!layers.isEmpty()) {
        layered.put(cpu, layers);
      }
      Map<Integer, Boolean> original = new TreeMap<>();
      for (IdleState state : idle.table()) {
        String snap = originals.get(state.disablePath(cpu));
        Boolean now = idle.disabled().get(state.index());
        original.put(state.index(), snap != null ? "1".equals(snap.strip()) : now);
      }
      Map<String, Boolean> want = desired(idle.table(), original, layers);
      desired.put(cpu, want);
      for (IdleState state : idle.table()) {
        boolean w = want.get(state.name());
        Boolean have = idle.disabled().get(state.index());
        if (have == null || have != w) {
          writes.add(
              PlannedWrite.file(cpu, Knob.CSTATE_DISABLE, state.disablePath(cpu), w ? "1" : "0"));
        }
      }
    }
    return new Plan(writes, desired, layered);
  }

  /**
   * Merges the C-state writes after the cpufreq writes of the same CPU, keeping CPU order (and
   * node-level writes where they were).
   */
  public static List<PlannedWrite> afterCpufreq(
      List<PlannedWrite> cpufreq, List<PlannedWrite> cstates) {
    Map<Integer, List<PlannedWrite>> extra = new TreeMap<>();
    cstates.forEach(w -> extra.computeIfAbsent(w.cpu(), c -> new ArrayList<>()).add(w));
    List<PlannedWrite> out = new ArrayList<>(cpufreq.size() + cstates.size());
    for (int i = 0; i < cpufreq.size(); i++) {
      PlannedWrite w = cpufreq.get(i);
      if (!w.nodeLevel()) {
        // flush C-state writes of lower CPUs that have no cpufreq write
        for (var it = extra.entrySet().iterator(); it.hasNext(); ) {
          var next = it.next();
          if (next.getKey() >= w.cpu()) {
            break;
          }
          out.addAll(next.getValue());
          it.remove();
        }
      }
      out.add(w);
      boolean lastOfCpu =
          !w.nodeLevel() && (i + 1 == cpufreq.size() || cpufreq.get(i + 1).cpu() != w.cpu());
      if (lastOfCpu) {
        List<PlannedWrite> own = extra.remove(w.cpu());
        if (own != null) {
          out.addAll(own);
        }
      }
    }
    extra.values().forEach(out::addAll);
    return List.copyOf(out);
  }
}
