package io.powermanager.agent.cpuidle;

import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.agent.kube.PodEvent;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.agent.node.TunedContainer;
import io.powermanager.api.v1alpha1.CpuIdleStates;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.PlannedWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent reports about C-states after a recompute: the PowerNode's {@code status.cstates}
 * (CPUs with a layer, grouped by the states disabled), its {@code CStatesApplied} condition and the
 * Events naming the states changed on pods' CPUs. Pure.
 *
 * @param states {@code status.cstates}
 * @param condition the condition, absent when nothing asks for C-states on this node
 * @param events one Event per pod whose CPUs' idle states changed in this recompute
 * @param disabled CPU → state name → disabled, as the CPUs are now (for the metric)
 */
public record CStateReport(
    List<CpuIdleStates> states,
    List<ConditionSpec> condition,
    List<PodEvent> events,
    Map<Integer, Map<String, Boolean>> disabled) {

  /** The PowerNode condition about C-states. */
  public static final String CSTATES_APPLIED = "CStatesApplied";

  /** The reason of the Normal Event naming the idle states changed on a pod's CPUs. */
  public static final String EVENT_REASON = "CStatesApplied";

  /** The reason of the Warning Event when a CPU's individual-core override beats the profile. */
  public static final String OVERRIDE_REASON = "CStatesOverridden";

  public static CStateReport compute(NodeModel model, Tuner.Outcome outcome, CStateIntent intent) {
    CpuIdleTuning.Result idle = outcome.idle();
    CpuSet converged = outcome.applied().converged();
    CpuSet planned = outcome.plan().cpus();
    Map<Integer, Map<String, Boolean>> now = new TreeMap<>();
    idle.plan()
        .desired()
        .forEach(
            (cpu, want) -> {
              if (!planned.contains(cpu) || converged.contains(cpu)) {
                now.put(cpu, want);
              }
            });
    // status: the CPUs a layer applies to, grouped by their disabled states
    Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
    for (int cpu : idle.plan().layered().keySet()) {
      Map<String, Boolean> states = now.get(cpu);
      if (states == null) {
        continue;
      }
      List<String> off = new ArrayList<>();
      states.forEach(
          (name, disabled) -> {
            if (disabled) {
              off.add(name);
            }
          });
      groups.computeIfAbsent(off, k -> new ArrayList<>()).add(cpu);
    }
    List<CpuIdleStates> status = new ArrayList<>();
    groups.forEach((off, cpus) -> status.add(new CpuIdleStates(CpuSet.of(cpus).toString(), off)));

    List<ConditionSpec> condition = new ArrayList<>();
    if (idle.unsupported().isPresent()) {
      condition.add(ConditionSpec.isFalse(CSTATES_APPLIED, "NoCpuidle", idle.unsupported().get()));
    } else if (intent.asksAnything() || !idle.plan().writes().isEmpty()) {
      List<String> problems = new ArrayList<>(intent.problems());
      idle.unreadable().forEach((cpu, why) -> problems.add("cpu " + cpu + ": " + why));
      CpuSet failed =
          planned
              .minus(converged)
              .intersect(CpuSet.of(new ArrayList<>(idle.plan().desired().keySet())));
      if (!failed.isEmpty()) {
        problems.add("idle states of CPUs " + failed + " could not be written or read back");
      }
      condition.add(
          problems.isEmpty()
              ? ConditionSpec.isTrue(
                  CSTATES_APPLIED,
                  "Applied",
                  intent
                          .object()
                          .map(o -> "CStates " + o.getMetadata().getName() + " and p")
                          .orElse("P")
                      + "rofile C-states applied on "
                      + (idle.plan().layered().isEmpty()
                          ? "no CPU"
                          : "CPUs " + CpuSet.of(new ArrayList<>(idle.plan().layered().keySet()))))
              : ConditionSpec.isFalse(CSTATES_APPLIED, "NotApplied", String.join("; ", problems)));
    }

    // events: states changed on the pods' CPUs
    Map<Integer, List<String>> changed = new TreeMap<>();
    for (PlannedWrite w : outcome.applied().written()) {
      if (w.knob() != Knob.CSTATE_DISABLE) {
        continue;
      }
      String name = stateName(idle, w);
      changed
          .computeIfAbsent(w.cpu(), c -> new ArrayList<>())
          .add(name + ("1".equals(w.value()) ? " disabled" : " enabled"));
    }
    List<PodEvent> events = new ArrayList<>();
    // an individual-core override on a pod's CPU wins over its profile (Intel's precedence)
    for (Map.Entry<PodKey, List<TunedContainer>> pod : model.byPod().entrySet()) {
      List<Integer> overridden = new ArrayList<>();
      for (TunedContainer c : pod.getValue()) {
        for (int cpu : c.cpus()) {
          List<io.powermanager.domain.cstates.CStateLayer> layers =
              idle.plan().layered().getOrDefault(cpu, List.of());
          if (layers.stream().anyMatch(l -> l.source().contains("individualCoreCStates"))) {
            overridden.add(cpu);
          }
        }
      }
      if (!overridden.isEmpty()) {
        events.add(
            new PodEvent(
                pod.getKey(),
                true,
                OVERRIDE_REASON,
                "CStates "
                    + intent.object().map(o -> o.getMetadata().getName()).orElse("")
                    + " individualCoreCStates sets the idle states of CPUs "
                    + CpuSet.of(overridden)
                    + ", overriding the pod's profile there"));
      }
    }
    if (!changed.isEmpty()) {
      for (Map.Entry<PodKey, List<TunedContainer>> pod : model.byPod().entrySet()) {
        Map<List<String>, List<Integer>> byChange = new LinkedHashMap<>();
        for (TunedContainer c : pod.getValue()) {
          for (int cpu : c.cpus()) {
            List<String> what = changed.get(cpu);
            if (what != null) {
              byChange.computeIfAbsent(what, k -> new ArrayList<>()).add(cpu);
            }
          }
        }
        if (byChange.isEmpty()) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        byChange.forEach(
            (what, cpus) -> parts.add(String.join(", ", what) + " on CPUs " + CpuSet.of(cpus)));
        events.add(
            new PodEvent(
                pod.getKey(), false, EVENT_REASON, "idle states: " + String.join("; ", parts)));
      }
    }
    return new CStateReport(status, condition, events, now);
  }

  private static String stateName(CpuIdleTuning.Result idle, PlannedWrite w) {
    return idle.stateName(w.path());
  }
}
