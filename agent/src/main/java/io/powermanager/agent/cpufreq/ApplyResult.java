package io.powermanager.agent.cpufreq;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.List;

/**
 * What applying a plan did.
 *
 * @param written the writes the kernel accepted
 * @param failures writes the kernel refused (the CPU's later writes were skipped)
 * @param mismatches files whose read-back differs from what was written
 * @param converged CPUs whose every planned write was accepted and read back as planned
 */
public record ApplyResult(
    List<PlannedWrite> written,
    List<Failure> failures,
    List<Mismatch> mismatches,
    CpuSet converged) {

  public ApplyResult {
    written = List.copyOf(written);
    failures = List.copyOf(failures);
    mismatches = List.copyOf(mismatches);
  }

  public static ApplyResult nothing() {
    return new ApplyResult(List.of(), List.of(), List.of(), CpuSet.empty());
  }

  /** A write the kernel refused, with its reason (errno text). */
  public record Failure(PlannedWrite write, String reason) {
    @Override
    public String toString() {
      return write + ": " + reason;
    }
  }

  /** A written file that reads back something else. */
  public record Mismatch(PlannedWrite write, String readBack) {
    @Override
    public String toString() {
      return write + " reads back " + readBack;
    }
  }

  public boolean clean() {
    return failures.isEmpty() && mismatches.isEmpty();
  }
}
