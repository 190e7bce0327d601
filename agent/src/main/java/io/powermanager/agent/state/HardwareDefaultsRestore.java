package io.powermanager.agent.state;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.cpufreq.CpufreqReader;
import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.PlanApplier;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.turbo.TurboControl;
import io.powermanager.agent.uncore.UncoreDiscovery;
import io.powermanager.domain.nodesettings.TurboSwitch;
import io.powermanager.domain.tuning.CpuHardware;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.HardwareDefaults;
import io.powermanager.domain.tuning.HardwareDefaults.CpuReading;
import io.powermanager.domain.tuning.HardwareDefaults.NodeReading;
import io.powermanager.domain.tuning.HardwareDefaults.TurboReading;
import io.powermanager.domain.tuning.HardwareDefaults.UncoreReading;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.NodePlan;
import io.powermanager.domain.tuning.PlannedWrite;
import io.powermanager.domain.uncore.UncoreDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code power-manager agent --restore-defaults}: reads the node through the agent's sysfs port,
 * plans the way back to hardware defaults ({@link HardwareDefaults}, no snapshot needed), writes it
 * with read-back ({@link PlanApplier}), and deletes the agent's snapshot so the next agent start
 * records these defaults as the originals. It plans again after each pass (switching turbo on
 * raises {@code cpuinfo_max_freq}), at most {@value #MAX_PASSES} passes; what still differs after
 * them is reported. It refuses to run while the snapshot records tuned CPUs or files (an agent
 * runs, or stopped without restoring), unless forced.
 */
public final class HardwareDefaultsRestore {

  static final int MAX_PASSES = 3;
  private static final int MAX_IDLE_STATES = 32;

  private HardwareDefaultsRestore() {}

  /** The snapshot shows tuned CPUs and the caller did not force. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * What happened.
   *
   * @param changed writes the kernel accepted, per knob (every knob listed)
   * @param failures writes the kernel refused (each names its file)
   * @param remaining files that still differ from the defaults after the last pass
   * @param cpus the CPUs with cpufreq that were brought to defaults
   * @param snapshotDeleted the snapshot deleted (only when complete)
   */
  public record Result(
      Map<Knob, Integer> changed,
      List<ApplyResult.Failure> failures,
      List<PlannedWrite> remaining,
      int cpus,
      Optional<Path> snapshotDeleted) {

    public Result {
      changed = Map.copyOf(changed);
      failures = List.copyOf(failures);
      remaining = List.copyOf(remaining);
    }

    /** Every write was accepted and the node reads back at its defaults. */
    public boolean complete() {
      return failures.isEmpty() && remaining.isEmpty();
    }

    @Override
    public String toString() {
      StringJoiner counts = new StringJoiner(", ");
      for (Knob k : Knob.values()) {
        counts.add(label(k) + " " + changed.getOrDefault(k, 0));
      }
      StringBuilder out =
          new StringBuilder("hardware defaults on " + cpus + " CPUs; files changed: " + counts);
      failures.forEach(f -> out.append("\nfailed: ").append(f));
      remaining.forEach(
          w ->
              out.append("\nstill differs: ")
                  .append(w.path())
                  .append(" (want ")
                  .append(w.value())
                  .append(')'));
      snapshotDeleted.ifPresent(p -> out.append("\nsnapshot deleted: ").append(p));
      return out.toString();
    }

    private static String label(Knob k) {
      return switch (k) {
        case GOVERNOR -> "scaling_governor";
        case EPP -> "energy_performance_preference";
        case MIN_FREQ -> "scaling_min_freq";
        case MAX_FREQ -> "scaling_max_freq";
        case CSTATE_DISABLE -> "cpuidle disable";
        case UNCORE_MIN_FREQ -> "uncore min_freq_khz";
        case UNCORE_MAX_FREQ -> "uncore max_freq_khz";
        case TURBO -> "turbo";
      };
    }
  }

  /**
   * Brings the node to its hardware defaults.
   *
   * @param stateDir the agent's state directory (its snapshot); may not exist
   * @param force run even though the snapshot records tuned CPUs or files (then it is deleted)
   * @throws Refused when the snapshot records tuned CPUs or files and {@code force} is false
   * @throws IOException when the snapshot is unreadable, or cannot be deleted
   * @throws SysfsException when the node cannot be read ({@code online}, a CPU's cpufreq files)
   */
  public static Result run(SysfsPort sysfs, Path stateDir, boolean force)
      throws IOException, Refused {
    Optional<SnapshotStore> snapshot =
        Files.isDirectory(stateDir) ? Optional.of(SnapshotStore.open(stateDir)) : Optional.empty();
    if (snapshot.isPresent() && !snapshot.get().isEmpty() && !force) {
      SnapshotStore store = snapshot.get();
      throw new Refused(
          "the agent's snapshot "
              + store.file()
              + " records the originals of "
              + store.all().size()
              + " CPUs and "
              + store.files().size()
              + " files it tuned: an agent runs on this node, or stopped without restoring. Stop"
              + " it (SIGTERM restores them) or run `power-manager agent --restore`, then try"
              + " again; --force resets to hardware defaults anyway and deletes that snapshot");
    }
    List<PlannedWrite> written = new ArrayList<>();
    List<ApplyResult.Failure> failures = new ArrayList<>();
    NodeReading now = read(sysfs);
    NodePlan plan = HardwareDefaults.plan(now);
    for (int pass = 1; pass <= MAX_PASSES && !plan.converged() && failures.isEmpty(); pass++) {
      ApplyResult applied = PlanApplier.apply(sysfs, plan);
      written.addAll(applied.written());
      failures.addAll(applied.failures());
      now = read(sysfs);
      plan = HardwareDefaults.plan(now);
    }
    List<PlannedWrite> remaining = plan.writes();
    Optional<Path> deleted = Optional.empty();
    if (failures.isEmpty() && remaining.isEmpty() && snapshot.isPresent()) {
      Path file = snapshot.get().file();
      boolean any = Files.deleteIfExists(file);
      any |= Files.deleteIfExists(stateDir.resolve(SnapshotStore.LEGACY_FILE_NAME));
      deleted = any ? Optional.of(file) : Optional.empty();
    }
    return new Result(
        HardwareDefaults.countByKnob(written), failures, remaining, now.cpus().size(), deleted);
  }

  /**
   * The node as the defaults need it, through the agent's own discovery and reader; CPUs without
   * cpufreq are left out.
   */
  static NodeReading read(SysfsPort sysfs) throws SysfsException {
    List<CpuReading> cpus = new ArrayList<>();
    for (CpuHardware hw : HardwareDiscovery.discover(sysfs).cpus().values()) {
      int cpu = hw.cpu();
      CpuSettings now = CpufreqReader.observe(sysfs, hw);
      Map<String, String> idle = new LinkedHashMap<>();
      for (int k = 0; k < MAX_IDLE_STATES; k++) {
        String path = "cpu" + cpu + "/cpuidle/state" + k + "/disable";
        if (!sysfs.exists(path)) {
          break;
        }
        idle.put(path, sysfs.read(path).strip());
      }
      cpus.add(
          new CpuReading(
              cpu,
              hw.driver(),
              hw.governors(),
              now.governor(),
              now.epp(),
              hw.epps(),
              hw.cpuinfoMin().khz(),
              hw.cpuinfoMax().khz(),
              now.min().khz(),
              now.max().khz(),
              idle));
    }
    List<UncoreReading> uncore = new ArrayList<>();
    for (UncoreDomain d : UncoreDiscovery.discover(sysfs)) {
      String dir = UncoreDiscovery.ROOT + "/" + d.dir();
      uncore.add(
          new UncoreReading(
              dir,
              d.initialMinKhz(),
              d.initialMaxKhz(),
              number(sysfs, dir + "/" + Knob.UNCORE_MIN_FREQ.file()),
              number(sysfs, dir + "/" + Knob.UNCORE_MAX_FREQ.file())));
    }
    Optional<TurboReading> turbo = Optional.empty();
    Optional<TurboSwitch> knob = TurboControl.probe(sysfs);
    if (knob.isPresent()) {
      turbo =
          Optional.of(
              new TurboReading(
                  knob.get().path(), knob.get().inverted(), sysfs.read(knob.get().path()).strip()));
    }
    return new NodeReading(cpus, uncore, turbo);
  }

  private static long number(SysfsPort sysfs, String path) throws SysfsException {
    String text = sysfs.read(path).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new SysfsException(
          path, null, io.powermanager.agent.sysfs.Errno.EINVAL, "not a number: " + text, e);
    }
  }
}
