package io.powermanager.agent.cpufreq;

import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.NodePlan;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Executes a plan as written and reads back every file it wrote. It decides nothing: the order and
 * the values are the plan's.
 *
 * <p>When the kernel refuses a write, the remaining writes of its unit are skipped (they were
 * ordered relative to it: a CPU's, or a node-level directory's such as one uncore domain) and the
 * failure is reported. After all writes, each written file is read once and compared, whitespace
 * stripped, with the last value written to it. Frequencies compare exactly: the planner already
 * gives them as the driver holds them (intel_pstate rounds limits down to 100 MHz P-state ratios,
 * see {@code CpuHardware#asHeld}), so a difference means something else changed or clamped the
 * value (another tool, {@code no_turbo}, a BIOS limit) and is reported as a mismatch, not retried
 * here: the next periodic recompute plans again. Stateless.
 */
public final class PlanApplier {

  private PlanApplier() {}

  public static ApplyResult apply(SysfsPort sysfs, NodePlan plan) {
    if (plan.converged()) {
      return ApplyResult.nothing();
    }
    List<PlannedWrite> written = new ArrayList<>(plan.writes().size());
    List<ApplyResult.Failure> failures = new ArrayList<>();
    Set<Integer> failedCpus = new TreeSet<>();
    Set<String> failedUnits = new TreeSet<>();
    for (PlannedWrite write : plan.writes()) {
      if (failedUnits.contains(write.unit())) {
        continue;
      }
      try {
        sysfs.write(write.path(), write.value());
        written.add(write);
      } catch (SysfsException e) {
        failures.add(new ApplyResult.Failure(write, e.getMessage()));
        failedUnits.add(write.unit());
        failedCpus.add(write.cpu());
      }
    }
    Map<String, PlannedWrite> lastByPath = new LinkedHashMap<>();
    for (PlannedWrite w : written) {
      lastByPath.put(w.path(), w);
    }
    List<ApplyResult.Mismatch> mismatches = new ArrayList<>();
    Set<Integer> mismatchedCpus = new TreeSet<>();
    for (PlannedWrite w : lastByPath.values()) {
      String readBack;
      try {
        readBack = sysfs.read(w.path()).strip();
      } catch (SysfsException e) {
        readBack = "(unreadable: " + e.errno().text() + ")";
      }
      if (!readBack.equals(w.value().strip())) {
        mismatches.add(new ApplyResult.Mismatch(w, readBack));
        mismatchedCpus.add(w.cpu());
      }
    }
    List<Integer> converged = new ArrayList<>();
    for (int cpu : plan.cpus()) {
      if (!failedCpus.contains(cpu) && !mismatchedCpus.contains(cpu)) {
        converged.add(cpu);
      }
    }
    return new ApplyResult(written, failures, mismatches, CpuSet.of(converged));
  }
}
