package io.powermanager.domain.tuning;

import io.powermanager.domain.power.Governor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns desired and observed settings into the minimal list of writes, in an order the kernel
 * accepts.
 *
 * <ul>
 *   <li>Only files whose observed value differs from the desired one are written; a converged CPU
 *       gets no write.
 *   <li>Governor before EPP: under governor {@code performance} intel_pstate refuses any EPP but
 *       {@code performance} with EBUSY, so the governor is switched first. Leaving {@code
 *       performance} brings back an EPP saved earlier that the agent cannot observe beforehand, so
 *       EPP is written whenever the governor changes to anything but {@code performance}; under
 *       {@code performance} EPP is pinned and never written.
 *   <li>Frequencies: when the new window lies entirely above the current one ({@code want.min >
 *       have.max}) max is raised first, then min; otherwise min is written first, then max. Every
 *       intermediate state keeps {@code min ≤ max}, which kernels before 5.4 require (EINVAL
 *       otherwise) and later ones would silently clamp.
 *   <li>EPP is never planned for a CPU without EPP support.
 * </ul>
 */
public final class WritePlanner {

  private WritePlanner() {}

  /** The writes for one CPU, in order. */
  public static List<PlannedWrite> plan(
      int cpu, CpuSettings want, CpuSettings have, boolean eppSupported) {
    Objects.requireNonNull(want, "want");
    Objects.requireNonNull(have, "have");
    List<PlannedWrite> writes = new ArrayList<>(4);
    boolean governorChanges = !want.governor().equals(have.governor());
    if (governorChanges) {
      writes.add(new PlannedWrite(cpu, Knob.GOVERNOR, want.governor()));
    }
    boolean pinned = Governor.PERFORMANCE.sysfsValue().equals(want.governor());
    if (eppSupported && want.epp().isPresent() && !pinned) {
      if (governorChanges || !want.epp().equals(have.epp())) {
        writes.add(new PlannedWrite(cpu, Knob.EPP, want.epp().get()));
      }
    }
    boolean minChanges = !want.min().equals(have.min());
    boolean maxChanges = !want.max().equals(have.max());
    PlannedWrite min = new PlannedWrite(cpu, Knob.MIN_FREQ, Long.toString(want.min().khz()));
    PlannedWrite max = new PlannedWrite(cpu, Knob.MAX_FREQ, Long.toString(want.max().khz()));
    if (want.min().compareTo(have.max()) > 0) {
      writes.add(max); // the window moves up past the current one: raise the ceiling first
      if (minChanges) {
        writes.add(min);
      }
    } else {
      if (minChanges) {
        writes.add(min);
      }
      if (maxChanges) {
        writes.add(max);
      }
    }
    return List.copyOf(writes);
  }

  /**
   * The node's plan: for every CPU with a {@link Desire.Target}, the writes from its observed
   * settings; refused CPUs are listed, untouched ones ignored.
   *
   * @param desires CPU → desire
   * @param observed CPU → settings now; must hold every CPU with a target
   * @param hardware CPU → hardware; must hold every CPU with a target
   * @throws IllegalArgumentException when a CPU with a target has no observation or hardware
   */
  public static NodePlan plan(
      Map<Integer, Desire> desires,
      Map<Integer, CpuSettings> observed,
      Map<Integer, CpuHardware> hardware) {
    List<PlannedWrite> writes = new ArrayList<>();
    Map<Integer, Desire.Refused> refusals = new TreeMap<>();
    for (Map.Entry<Integer, Desire> e : new TreeMap<>(desires).entrySet()) {
      int cpu = e.getKey();
      if (e.getValue() instanceof Desire.Target target) {
        CpuSettings have = observed.get(cpu);
        CpuHardware hw = hardware.get(cpu);
        if (have == null || hw == null) {
          throw new IllegalArgumentException(
              "cpu " + cpu + " has a target but no " + (have == null ? "observation" : "hardware"));
        }
        writes.addAll(plan(cpu, target.settings(), have, hw.eppSupported()));
      } else if (e.getValue() instanceof Desire.Refused refused) {
        refusals.put(cpu, refused);
      }
    }
    return new NodePlan(writes, refusals);
  }
}
