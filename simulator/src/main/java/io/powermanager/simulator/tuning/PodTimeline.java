package io.powermanager.simulator.tuning;

import io.powermanager.domain.CpuSet;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What happened to one pod on its way to tuned cores, as {@link System#nanoTime()} instants.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param uid the pod's UID
 * @param created when its creation request was sent (by the simulator's walkthrough or benchmark);
 *     empty for pods created by others (kubectl), whose clock starts at {@code seen}
 * @param seen when the simulator's scheduler first saw it
 * @param bound when the binding to {@code node} was stored
 * @param node the node it was bound to; null before
 * @param running when its node's kubelet had admitted it and reported it Running
 * @param tuned when every exclusive CPU of its power containers read back at its profile's values
 * @param targets the CPUs of its power containers and what they must show
 */
public record PodTimeline(
    String namespace,
    String name,
    String uid,
    OptionalLong created,
    OptionalLong seen,
    OptionalLong bound,
    String node,
    OptionalLong running,
    OptionalLong tuned,
    Map<CpuSet, CpuTarget> targets) {

  /** When the clock starts: creation when known, else first seen. */
  public OptionalLong start() {
    return created.isPresent() ? created : seen;
  }

  /** Milliseconds from {@link #start()} to {@code to}; empty when either is unknown. */
  public java.util.OptionalDouble millisTo(OptionalLong to) {
    OptionalLong from = start();
    if (from.isEmpty() || to.isEmpty()) {
      return java.util.OptionalDouble.empty();
    }
    return java.util.OptionalDouble.of((to.getAsLong() - from.getAsLong()) / 1e6);
  }

  /** Milliseconds from creation (or first sight) to tuned cores. */
  public java.util.OptionalDouble timeToTuneMillis() {
    return millisTo(tuned);
  }

  /** Every exclusive CPU of its power containers. */
  public CpuSet cpus() {
    CpuSet all = CpuSet.empty();
    for (CpuSet s : targets.keySet()) {
      all = all.union(s);
    }
    return all;
  }

  public String key() {
    return namespace + "/" + name;
  }
}
