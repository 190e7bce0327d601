package io.powermanager.agent.cpuidle;

import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.cstates.CStateLayer;
import io.powermanager.domain.cstates.CStatePlanner;
import io.powermanager.domain.cstates.IdleState;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C-state part of the tuner's observe → plan step: reads each concerned CPU's own idle-state
 * table ({@code cpuN/cpuidle/stateK/name} and {@code latency}, once: they are read-only) and its
 * {@code disable} files (every time), and plans with {@link CStatePlanner}. A CPU is concerned when
 * a layer applies to it or the snapshot holds one of its {@code disable} files (it must go back).
 * Capability: {@code cpuidle/current_driver} present and not {@code none}; without it nothing is
 * read or written. Not thread-safe: the tuner's loop owns it.
 */
public final class CpuIdleTuning {

  /** The most idle states per CPU the kernel has ({@code CPUIDLE_STATE_MAX}). */
  static final int MAX_STATES = 10;

  private static final Pattern SNAPSHOT_CPU =
      Pattern.compile("cpu(\\d+)/cpuidle/state\\d+/disable");

  private final SysfsPort sysfs;
  private final Optional<String> driver;
  private final Map<Integer, List<IdleState>> tables = new ConcurrentHashMap<>();

  public CpuIdleTuning(SysfsPort sysfs, Optional<String> driver) {
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.driver = Objects.requireNonNull(driver, "driver");
  }

  /** Whether the node has a cpuidle driver whose states can be switched. */
  public boolean supported() {
    return driver.filter(d -> !d.isBlank() && !"none".equals(d)).isPresent();
  }

  /**
   * What one C-state planning found.
   *
   * @param plan the planned {@code disable} writes and the desired states
   * @param originals the values read of the files about to be written whose original the snapshot
   *     lacks (to record before the first write)
   * @param names the state name of each {@code disable} file planned
   * @param unreadable CPUs whose idle files could not be read (not planned), with why
   * @param unsupported why nothing was planned although layers exist (no cpuidle driver)
   */
  public record Result(
      CStatePlanner.Plan plan,
      Map<String, String> originals,
      Map<String, String> names,
      Map<Integer, String> unreadable,
      Optional<String> unsupported) {

    public static Result nothing() {
      return new Result(CStatePlanner.Plan.empty(), Map.of(), Map.of(), Map.of(), Optional.empty());
    }

    /** The state name a planned {@code disable} file belongs to. */
    public String stateName(String path) {
      return names.getOrDefault(path, path);
    }
  }

  /** Observes the concerned CPUs and plans their {@code disable} writes. */
  public Result plan(NodePools pools, CStateIntent intent, Map<String, String> snapshotFiles) {
    Map<Integer, Boolean> snapshotted = new TreeMap<>();
    for (String path : snapshotFiles.keySet()) {
      Matcher m = SNAPSHOT_CPU.matcher(path);
      if (m.matches()) {
        snapshotted.put(Integer.parseInt(m.group(1)), true);
      }
    }
    if (!intent.asksAnything() && snapshotted.isEmpty()) {
      return Result.nothing();
    }
    if (!supported()) {
      return new Result(
          CStatePlanner.Plan.empty(),
          Map.of(),
          Map.of(),
          Map.of(),
          intent.asksAnything()
              ? Optional.of(
                  "this node has no cpuidle driver (cpuidle/current_driver is "
                      + driver.orElse("absent")
                      + "); C-states are not applied")
              : Optional.empty());
    }
    Map<Integer, CStatePlanner.CpuIdle> observed = new TreeMap<>();
    Map<Integer, String> unreadable = new TreeMap<>();
    for (int cpu : pools.online()) {
      List<CStateLayer> layers =
          CStatePlanner.layers(
              cpu, pools.poolOf(cpu), intent.node(), intent.profileLookup(), intent.config());
      if (layers.isEmpty() && !snapshotted.containsKey(cpu)) {
        continue;
      }
      try {
        List<IdleState> table = table(cpu);
        if (table.isEmpty()) {
          continue;
        }
        Map<Integer, Boolean> disabled = new TreeMap<>();
        for (IdleState s : table) {
          disabled.put(s.index(), "1".equals(sysfs.read(s.disablePath(cpu)).strip()));
        }
        observed.put(cpu, new CStatePlanner.CpuIdle(table, disabled));
      } catch (SysfsException e) {
        unreadable.put(cpu, e.getMessage());
      }
    }
    CStatePlanner.Plan plan =
        CStatePlanner.plan(
            intent.node(), pools, observed, snapshotFiles, intent.profileLookup(), intent.config());
    Map<String, String> originals = new TreeMap<>();
    Map<String, String> names = new TreeMap<>();
    for (PlannedWrite w : plan.writes()) {
      int index = indexOf(w.path());
      CStatePlanner.CpuIdle cpuIdle = observed.get(w.cpu());
      if (!snapshotFiles.containsKey(w.path())) {
        originals.put(w.path(), cpuIdle.disabled().get(index) ? "1" : "0");
      }
      cpuIdle.table().stream()
          .filter(st -> st.index() == index)
          .findFirst()
          .ifPresent(st -> names.put(w.path(), st.name()));
    }
    return new Result(plan, originals, names, unreadable, Optional.empty());
  }

  private static int indexOf(String disablePath) {
    int start = disablePath.indexOf("/state") + "/state".length();
    return Integer.parseInt(disablePath.substring(start, disablePath.indexOf('/', start)));
  }

  /** The CPU's own states, read once ({@code name} and {@code latency} never change). */
  List<IdleState> table(int cpu) throws SysfsException {
    List<IdleState> cached = tables.get(cpu);
    if (cached != null) {
      return cached;
    }
    List<IdleState> states = new ArrayList<>();
    for (int k = 0; k < MAX_STATES; k++) {
      String dir = "cpu" + cpu + "/cpuidle/state" + k + "/";
      if (!sysfs.exists(dir + "name")) {
        break;
      }
      String name = sysfs.read(dir + "name").strip();
      long latency;
      try {
        latency = Long.parseLong(sysfs.read(dir + "latency").strip());
      } catch (NumberFormatException e) {
        latency = Long.MAX_VALUE;
      }
      states.add(new IdleState(k, name, latency));
    }
    List<IdleState> table = List.copyOf(states);
    tables.put(cpu, table);
    return table;
  }
}
