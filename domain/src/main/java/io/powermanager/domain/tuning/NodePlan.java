package io.powermanager.domain.tuning;

import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes that bring a node to its desired state, CPU by CPU in ascending order and, within a
 * CPU, in the safe order {@link WritePlanner} gives; plus the CPUs whose desire was refused.
 * Immutable; empty writes mean converged.
 *
 * @param writes the writes in the order they must be made
 * @param refusals CPU → why its pool's profile is not applied to it
 */
public record NodePlan(List<PlannedWrite> writes, Map<Integer, Desire.Refused> refusals) {

  public NodePlan {
    writes = List.copyOf(writes);
    refusals = java.util.Collections.unmodifiableMap(new TreeMap<>(refusals));
  }

  /** Whether nothing needs writing. */
  public boolean converged() {
    return writes.isEmpty();
  }

  /** The CPUs this plan writes to (node-level files such as uncore domains are not CPUs). */
  public CpuSet cpus() {
    return CpuSet.of(
        writes.stream().filter(w -> !w.nodeLevel()).map(PlannedWrite::cpu).distinct().toList());
  }

  /** The writes of node-level files (not of one CPU), in order. */
  public List<PlannedWrite> nodeWrites() {
    return writes.stream().filter(PlannedWrite::nodeLevel).toList();
  }

  /** The writes of one CPU, in order. */
  public List<PlannedWrite> writesOf(int cpu) {
    return writes.stream().filter(w -> w.cpu() == cpu).toList();
  }
}
