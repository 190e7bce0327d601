package io.powermanager.agent.cpufreq;

import io.powermanager.agent.cpuidle.CStateIntent;
import io.powermanager.agent.cpuidle.CpuIdleTuning;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.turbo.TurboControl;
import io.powermanager.agent.uncore.UncoreTuning;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.cstates.CStatePlanner;
import io.powermanager.domain.nodesettings.TurboSwitch;
import io.powermanager.domain.nodesettings.WindowClamp;
import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.tuning.CpuHardware;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.Desires;
import io.powermanager.domain.tuning.FileRestore;
import io.powermanager.domain.tuning.NodePlan;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.tuning.PlannedWrite;
import io.powermanager.domain.tuning.WritePlanner;
import io.powermanager.domain.uncore.UncoreLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Observe → plan → snapshot → write → read back, for the CPUs of one node. Not thread-safe: one
 * node loop owns it.
 */
public final class Tuner {

  private final SysfsPort sysfs;
  private HardwareFacts hardware;
  private final SnapshotStore snapshots;
  private final CpuIdleTuning idle;
  private final TurboControl turbo;

  public Tuner(SysfsPort sysfs, HardwareFacts hardware, SnapshotStore snapshots) {
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.hardware = Objects.requireNonNull(hardware, "hardware");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.idle = new CpuIdleTuning(sysfs, hardware.idleDriver());
    this.turbo = new TurboControl(TurboControl.probe(sysfs));
  }

  /**
   * The hardware facts, with {@code cpuinfo_max_freq} as read after the last turbo switch (publish
   * these).
   */
  public HardwareFacts hardware() {
    return hardware;
  }

  public SnapshotStore snapshots() {
    return snapshots;
  }

  /**
   * What one convergence did.
   *
   * @param desires every tunable online CPU's desire
   * @param observed the settings read before writing, for the CPUs that have a desire to check
   * @param plan the writes planned (and refusals)
   * @param applied what the writes did
   * @param snapshotted CPUs whose originals were recorded this time
   * @param unreadable CPUs whose settings could not be read (not planned), with the reason
   * @param idle the C-state part: what was planned (its writes are in {@code plan} too)
   * @param uncore the uncore domains' part of the plan ({@link UncoreTuning})
   * @param turbo the turbo switch and node limits part ({@link TurboControl})
   */
  public record Outcome(
      Map<Integer, Desire> desires,
      Map<Integer, CpuSettings> observed,
      NodePlan plan,
      ApplyResult applied,
      List<Integer> snapshotted,
      Map<Integer, String> unreadable,
      CpuIdleTuning.Result idle,
      UncoreTuning.Plan uncore,
      TurboControl.Result turbo) {

    /** An outcome without C-state, uncore or turbo work. */
    public Outcome(
        Map<Integer, Desire> desires,
        Map<Integer, CpuSettings> observed,
        NodePlan plan,
        ApplyResult applied,
        List<Integer> snapshotted,
        Map<Integer, String> unreadable) {
      this(
          desires,
          observed,
          plan,
          applied,
          snapshotted,
          unreadable,
          CpuIdleTuning.Result.nothing(),
          UncoreTuning.Plan.none(),
          TurboControl.Result.none());
    }
  }

  /**
   * Brings every tunable CPU to what its pool wants: reads the CPUs that have something to check,
   * plans the minimal writes, records the originals of CPUs about to be written for the first time
   * (persisted before any write), writes and reads back.
   *
   * @throws IOException when the snapshot cannot be persisted; nothing is written then
   */
  public Outcome converge(NodePools pools, Function<String, Optional<PowerProfile>> profiles)
      throws IOException {
    return converge(pools, profiles, CStateIntent.none(""), Optional.empty());
  }

  /** {@link #converge(NodePools, Function, CStateIntent, Optional)} without uncore limits. */
  public Outcome converge(
      NodePools pools, Function<String, Optional<PowerProfile>> profiles, CStateIntent cstates)
      throws IOException {
    return converge(pools, profiles, cstates, Optional.empty());
  }

  /** {@link #converge(NodePools, Function, CStateIntent, Optional)} without C-state layers. */
  public Outcome converge(
      NodePools pools,
      Function<String, Optional<PowerProfile>> profiles,
      Optional<UncoreLimits> uncore)
      throws IOException {
    return converge(pools, profiles, CStateIntent.none(""), uncore);
  }

  /**
   * {@link #converge(NodePools, Function)} with the C-state layers and the uncore domains in the
   * same plan: each CPU's {@code disable} writes are planned after its cpufreq writes; each uncore
   * domain held at what {@code uncore} asks over its originals, or back at its originals without
   * one; every original recorded before the first write.
   *
   * @throws IOException when the snapshot cannot be persisted; nothing is written then
   */
  public Outcome converge(
      NodePools pools,
      Function<String, Optional<PowerProfile>> profiles,
      CStateIntent cstates,
      Optional<UncoreLimits> uncore)
      throws IOException {
    return converge(pools, profiles, cstates, uncore, TurboControl.Intent.none(""));
  }

  /**
   * {@link #converge(NodePools, Function, CStateIntent, Optional)} with the node's turbo switch and
   * frequency limits ({@code PowerNodeSettings}): windows are planned against each CPU's turbo
   * range and fitted under the node's settings ({@link WindowClamp}); switching turbo on is written
   * (and its original snapshotted) before the windows are planned, so they can rise after it;
   * switching it off is the plan's last write, after every window above base came down. After a
   * switch, {@code cpuinfo_max_freq} is read again ({@link #hardware()}).
   *
   * @throws IOException when the snapshot cannot be persisted; nothing is written then
   */
  public Outcome converge(
      NodePools pools,
      Function<String, Optional<PowerProfile>> profiles,
      CStateIntent cstates,
      Optional<UncoreLimits> uncore,
      TurboControl.Intent nodeSettings)
      throws IOException {
    Map<Integer, CpuHardware> planning = turbo.planning(hardware);
    TurboSwitch.Decision decision = turbo.decide(nodeSettings, snapshots, sysfs);
    ApplyResult first = ApplyResult.nothing();
    if (decision.write().isPresent() && decision.first()) {
      if (decision.recordOriginal().isPresent()) {
        recordFile(turbo.knob().get().path(), decision.recordOriginal().get());
      }
      first = PlanApplier.apply(sysfs, new NodePlan(List.of(decision.write().get()), Map.of()));
      decision = turbo.after(first, decision);
    }
    boolean everyCpu = nodeSettings.everyCpu();
    Map<Integer, Desire> desires = new TreeMap<>();
    Map<Integer, CpuSettings> observed = new TreeMap<>();
    Map<Integer, String> unreadable = new TreeMap<>();
    for (Map.Entry<Integer, CpuHardware> e : hardware.cpus().entrySet()) {
      int cpu = e.getKey();
      if (!pools.online().contains(cpu)) {
        continue;
      }
      Pool pool = pools.poolOf(cpu);
      Optional<CpuSettings> snapshot = snapshots.get(cpu);
      boolean restoresOnly = pool instanceof Pool.Reserved || pool instanceof Pool.Default;
      if (restoresOnly && snapshot.isEmpty() && !everyCpu) {
        desires.put(cpu, new Desire.Untouched());
        continue;
      }
      CpuSettings now;
      try {
        now = CpufreqReader.observe(sysfs, e.getValue());
      } catch (SysfsException ex) {
        unreadable.put(cpu, ex.getMessage());
        continue;
      }
      observed.put(cpu, now);
      desires.put(
          cpu,
          restoresOnly && snapshot.isEmpty()
              ? new Desire.Untouched()
              : Desires.of(planning.get(cpu), pool, profiles, snapshot, now));
    }
    WindowClamp.Result clamp =
        WindowClamp.apply(
            desires,
            observed,
            planning,
            pools::poolOf,
            nodeSettings.settings(),
            !decision.turboOn(),
            nodeSettings.node());
    desires = clamp.desires();
    NodePlan cpufreq = WritePlanner.plan(desires, observed, planning);
    CpuIdleTuning.Result idleResult = idle.plan(pools, cstates, snapshots.files());
    UncoreTuning.Plan uncorePlan =
        UncoreTuning.plan(sysfs, hardware.uncoreDomains(), uncore, snapshots);
    List<PlannedWrite> writes =
        new ArrayList<>(CStatePlanner.afterCpufreq(cpufreq.writes(), idleResult.plan().writes()));
    writes.addAll(uncorePlan.writes());
    boolean last = decision.write().isPresent() && !decision.first();
    if (last) {
      writes.add(decision.write().get());
    }
    NodePlan plan = new NodePlan(writes, cpufreq.refusals());
    Map<Integer, CpuSettings> originals = new LinkedHashMap<>();
    for (int cpu : cpufreq.cpus()) {
      if (snapshots.get(cpu).isEmpty()) {
        originals.put(cpu, observed.get(cpu));
      }
    }
    if (last && !decision.turboOn()) {
      originals.putAll(untunedOriginals(pools, observed, originals));
    }
    List<Integer> snapshotted = snapshots.recordIfAbsent(originals);
    Map<String, String> fileOriginals = new TreeMap<>(idleResult.originals());
    fileOriginals.putAll(uncorePlan.toSnapshot());
    if (last && decision.recordOriginal().isPresent()) {
      fileOriginals.put(turbo.knob().get().path(), decision.recordOriginal().get());
    }
    snapshots.recordFilesIfAbsent(fileOriginals);
    ApplyResult applied = PlanApplier.apply(sysfs, plan);
    if (last) {
      decision = turbo.after(applied, decision);
    }
    boolean switched =
        TurboControl.switched(first, decision) || TurboControl.switched(applied, decision);
    if (switched) {
      hardware = TurboControl.reread(sysfs, hardware);
    }
    if (decision.forgetOriginal()) {
      snapshots.forgetFiles(List.of(turbo.knob().get().path()));
    }
    List<PlannedWrite> allWrites = new ArrayList<>(first.written());
    allWrites.addAll(applied.written());
    List<ApplyResult.Failure> failures = new ArrayList<>(first.failures());
    failures.addAll(applied.failures());
    List<ApplyResult.Mismatch> mismatches = new ArrayList<>(first.mismatches());
    mismatches.addAll(applied.mismatches());
    ApplyResult all = new ApplyResult(allWrites, failures, mismatches, applied.converged());
    NodePlan allPlan = plan;
    if (decision.write().isPresent() && decision.first()) {
      List<PlannedWrite> planned = new ArrayList<>(List.of(decision.write().get()));
      planned.addAll(plan.writes());
      allPlan = new NodePlan(planned, plan.refusals());
    }
    TurboControl.Result turboResult =
        new TurboControl.Result(
            turbo.knob().map(TurboSwitch::path),
            decision.turboOn(),
            turbo.locked(),
            switched,
            nodeSettings.settings().map(s -> s.name()),
            clamp.clamped(),
            clamp.limited(),
            refusedBy(nodeSettings, clamp.desires()));
    return new Outcome(
        desires,
        observed,
        allPlan,
        all,
        snapshotted,
        unreadable,
        idleResult,
        uncorePlan,
        turboResult);
  }

  /**
   * The settings of every online CPU that has no snapshot yet, read before turbo is switched off:
   * with turbo off the kernel caps {@code scaling_max_freq} at base, so a CPU first tuned later
   * would record the cap as its original and be restored below its boot maximum once turbo is back.
   * CPUs that cannot be read are left out (they are snapshotted when first tuned).
   */
  private Map<Integer, CpuSettings> untunedOriginals(
      NodePools pools, Map<Integer, CpuSettings> observed, Map<Integer, CpuSettings> recorded) {
    Map<Integer, CpuSettings> out = new TreeMap<>();
    for (Map.Entry<Integer, CpuHardware> e : hardware.cpus().entrySet()) {
      int cpu = e.getKey();
      if (!pools.online().contains(cpu)
          || snapshots.get(cpu).isPresent()
          || recorded.containsKey(cpu)) {
        continue;
      }
      CpuSettings now = observed.get(cpu);
      if (now == null) {
        try {
          now = CpufreqReader.observe(sysfs, e.getValue());
        } catch (SysfsException ex) {
          continue;
        }
      }
      out.put(cpu, now);
    }
    return out;
  }

  /** The CPUs whose refusal names the node's PowerNodeSettings, with the reason. */
  private static Map<Integer, String> refusedBy(
      TurboControl.Intent nodeSettings, Map<Integer, Desire> desires) {
    Map<Integer, String> out = new TreeMap<>();
    nodeSettings
        .settings()
        .ifPresent(
            s ->
                desires.forEach(
                    (cpu, d) -> {
                      if (d instanceof Desire.Refused r
                          && r.reason().contains("PowerNodeSettings \"" + s.name() + "\"")) {
                        out.put(cpu, r.reason());
                      }
                    }));
    return out;
  }

  private void recordFile(String path, String value) throws IOException {
    snapshots.recordFilesIfAbsent(Map.of(path, value));
  }

  /**
   * What {@link #restore} did.
   *
   * @param restored CPUs now equal to their snapshot (their entries were forgotten)
   * @param failures CPUs that could not be restored (their entries are kept), with the reason; a
   *     CPU's single files (idle states) count for it
   * @param nodeFailures node-level files (uncore limits, the turbo switch) that could not be
   *     restored (their entries are kept), with the reason
   * @param writes the writes made
   */
  public record RestoreResult(
      CpuSet restored,
      Map<Integer, String> failures,
      Map<String, String> nodeFailures,
      List<PlannedWrite> writes) {
    public boolean complete() {
      return failures.isEmpty() && nodeFailures.isEmpty();
    }

    /** One {@code cpu N: why} per CPU not restored, in CPU order, then one per node file. */
    public List<String> failureReasons() {
      List<String> reasons = new ArrayList<>();
      new TreeMap<>(failures).forEach((cpu, why) -> reasons.add("cpu " + cpu + ": " + why));
      new TreeMap<>(nodeFailures).forEach((path, why) -> reasons.add(path + ": " + why));
      return reasons;
    }

    @Override
    public String toString() {
      String done = "restored CPUs " + (restored.isEmpty() ? "none" : restored);
      return complete() ? done : done + "; NOT restored: " + String.join("; ", failureReasons());
    }
  }

  /**
   * Puts every snapshotted CPU and file back to its snapshot (minimal writes in the safe order,
   * read back) and forgets the entries that now match. Entries of CPUs that failed stay, so a later
   * {@code --restore} can try again. Needs no hardware discovery: a CPU has EPP when its snapshot
   * has one.
   *
   * @throws IOException when the snapshot file cannot be updated
   */
  public static RestoreResult restore(SysfsPort sysfs, SnapshotStore snapshots) throws IOException {
    Map<Integer, String> failures = new TreeMap<>();
    List<Integer> restored = new ArrayList<>();
    List<PlannedWrite> writes = new ArrayList<>();
    Map<String, String> nodeFailures = new TreeMap<>();
    // the turbo switch first: windows above base only hold once turbo is back on
    restoreFiles(sysfs, snapshots, failures, nodeFailures, writes, Tuner::isTurboSwitch);
    for (Map.Entry<Integer, CpuSettings> e : snapshots.all().entrySet()) {
      int cpu = e.getKey();
      CpuSettings want = e.getValue();
      CpuHardware probe = probe(cpu, want);
      CpuSettings have;
      try {
        have = CpufreqReader.observe(sysfs, probe);
      } catch (SysfsException ex) {
        failures.put(cpu, ex.getMessage());
        continue;
      }
      List<PlannedWrite> cpuWrites = WritePlanner.plan(cpu, want, have, want.epp().isPresent());
      ApplyResult result = PlanApplier.apply(sysfs, new NodePlan(cpuWrites, Map.of()));
      writes.addAll(result.written());
      if (result.clean()) {
        restored.add(cpu);
      } else {
        List<String> reasons = new ArrayList<>();
        result.failures().forEach(f -> reasons.add(f.toString()));
        result.mismatches().forEach(m -> reasons.add(m.toString()));
        failures.put(cpu, String.join("; ", reasons));
      }
    }
    snapshots.forget(restored);
    restoreFiles(sysfs, snapshots, failures, nodeFailures, writes, path -> true);
    restored.removeAll(failures.keySet());
    return new RestoreResult(CpuSet.of(restored), failures, nodeFailures, writes);
  }

  /**
   * Puts the snapshotted single files back ({@link FileRestore}: only differing files, an uncore
   * domain's pair in a safe order), reads them back and forgets those that match.
   */
  private static void restoreFiles(
      SysfsPort sysfs,
      SnapshotStore snapshots,
      Map<Integer, String> cpuFailures,
      Map<String, String> nodeFailures,
      List<PlannedWrite> writes,
      java.util.function.Predicate<String> which)
      throws IOException {
    Map<String, String> originals = new TreeMap<>(snapshots.files());
    originals.keySet().removeIf(which.negate());
    if (originals.isEmpty()) {
      return;
    }
    Map<String, String> now = new TreeMap<>();
    Map<String, String> unreadable = new TreeMap<>();
    for (String path : originals.keySet()) {
      try {
        now.put(path, sysfs.read(path).strip());
      } catch (SysfsException e) {
        unreadable.put(path, e.getMessage());
      }
    }
    ApplyResult result =
        PlanApplier.apply(sysfs, new NodePlan(FileRestore.plan(originals, now), Map.of()));
    writes.addAll(result.written());
    Map<String, String> failed = new TreeMap<>(unreadable);
    result.failures().forEach(f -> failed.merge(f.write().path(), f.toString(), String::concat));
    result.mismatches().forEach(m -> failed.merge(m.write().path(), m.toString(), String::concat));
    List<String> done = new ArrayList<>(originals.keySet());
    done.removeAll(failed.keySet());
    snapshots.forgetFiles(done);
    failed.forEach(
        (path, why) -> {
          Optional<PlannedWrite> w = FileRestore.writeOf(path, originals.get(path));
          if (w.isPresent() && !w.get().nodeLevel()) {
            cpuFailures.merge(w.get().cpu(), path + ": " + why, (a, b) -> a + "; " + b);
          } else {
            nodeFailures.put(path, why);
          }
        });
  }

  private static boolean isTurboSwitch(String path) {
    return path.equals(TurboSwitch.NO_TURBO.path()) || path.equals(TurboSwitch.BOOST.path());
  }

  private static CpuHardware probe(int cpu, CpuSettings want) {
    return new CpuHardware(
        cpu,
        "unknown",
        want.min(),
        io.powermanager.domain.power.Frequency.max(want.min(), want.max()),
        Optional.empty(),
        List.of(),
        want.epp().isPresent() ? List.of(want.epp().get()) : List.of());
  }
}
