package io.powermanager.agent.node;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.agent.kube.PodEvent;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.api.AgentStop;
import io.powermanager.api.v1alpha1.ActiveWorkload;
import io.powermanager.api.v1alpha1.CState;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerContainer;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.PowerWorkloadStatus;
import io.powermanager.api.v1alpha1.SharedPool;
import io.powermanager.api.v1alpha1.UncoreDomain;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.api.v1alpha1.WorkloadNodeInfo;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.NodePools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the agent reports after a recompute: the PowerNode status (the seed's shape plus hardware,
 * CPUs and conditions; heartbeat and timestamps are added by the writer), the spec of each of this
 * node's PowerWorkloads, the status of the shared workload and the Events for pods. Pure.
 *
 * @param status PowerNode status without heartbeat and conditions
 * @param conditions the PowerNode conditions
 * @param workloads this node's PowerWorkload specs by name
 * @param workloadStatuses status (without conditions) of each workload the agent reports on: the
 *     shared workloads selecting this node and this node's own workloads
 * @param workloadConditions conditions of the same workloads
 * @param events Events for pods, deduplicated by the writer
 * @param tunedPods pods whose every CPU is at its profile now
 */
public record NodeReport(
    PowerNodeStatus status,
    List<ConditionSpec> conditions,
    Map<String, PowerWorkloadSpec> workloads,
    Map<String, PowerWorkloadStatus> workloadStatuses,
    Map<String, List<ConditionSpec>> workloadConditions,
    List<PodEvent> events,
    List<PodKey> tunedPods) {

  public static final String READY = "Ready";
  public static final String RESTORE_FAILED = AgentStop.RESTORE_FAILED;
  private static final String RESTORE_HINT =
      "; their snapshot is kept: run power-manager agent --restore on the node";
  public static final String KUBELET_CONNECTED = "KubeletConnected";
  public static final String RESERVED_CPUS_MATCH = "ReservedCPUsMatch";
  public static final String TUNED = "Tuned";
  public static final String PODS_TUNED = "PodsTuned";
  public static final String SHARED_POOL = "SharedPool";
  public static final String APPLIED = "Applied";

  /** How many items a condition message lists before "and N more". */
  static final int MESSAGE_ITEMS = 5;

  /** This report with the C-state part: {@code status.cstates}, its condition and Events. */
  public NodeReport withCStates(io.powermanager.agent.cpuidle.CStateReport idle) {
    status.setCstates(new ArrayList<>(idle.states()));
    List<ConditionSpec> allConditions = new ArrayList<>(conditions);
    allConditions.addAll(idle.condition());
    List<PodEvent> allEvents = new ArrayList<>(events);
    allEvents.addAll(idle.events());
    return new NodeReport(
        status,
        allConditions,
        workloads,
        workloadStatuses,
        workloadConditions,
        allEvents,
        tunedPods);
  }

  public static NodeReport compute(
      NodeModel model, NodePools pools, Tuner.Outcome outcome, HardwareFacts hardware) {
    String node = model.nodeName();
    ApplyResult applied = outcome.applied();
    CpuSet refused = CpuSet.of(new ArrayList<>(outcome.plan().refusals().keySet()));
    CpuSet failed = outcome.plan().cpus().minus(applied.converged());

    PowerNodeStatus status = new PowerNodeStatus();
    Map<String, PowerWorkloadSpec> workloads = new TreeMap<>();
    Map<String, List<TunedContainer>> byWorkload = model.byWorkload();
    byWorkload.forEach(
        (name, containers) -> {
          CpuSet cpus = CpuSet.empty();
          List<WorkloadContainer> items = new ArrayList<>();
          for (TunedContainer c : containers) {
            cpus = cpus.union(c.cpus());
            WorkloadContainer w = new WorkloadContainer();
            w.setExclusiveCPUs(c.cpus().toList());
            w.setId(c.containerId());
            w.setName(c.container());
            w.setPod(c.pod().name());
            w.setNamespace(c.pod().namespace());
            w.setPodUID(c.pod().uid());
            w.setPowerProfile(c.profile());
            items.add(w);
          }
          WorkloadNodeInfo info = new WorkloadNodeInfo();
          info.setName(node);
          info.setCpuIds(cpus.toList());
          info.setContainers(items);
          PowerWorkloadSpec spec = new PowerWorkloadSpec();
          spec.setName(name);
          spec.setPowerProfile(containers.get(0).profile());
          spec.setNodeInfo(info);
          workloads.put(name, spec);
          status.getActiveWorkloads().add(new ActiveWorkload(name, cpus.toList()));
          status.getActiveProfiles().put(containers.get(0).profile(), true);
        });
    for (TunedContainer c : model.containers()) {
      PowerContainer pc = new PowerContainer();
      pc.setExclusiveCpus(c.cpus().toList());
      pc.setId(c.containerId());
      pc.setName(c.container());
      pc.setPod(c.pod().name());
      pc.setNamespace(c.pod().namespace());
      pc.setPodUID(c.pod().uid());
      pc.setPowerProfile(c.profile());
      pc.setWorkload(c.workload());
      status.getPowerContainers().add(pc);
    }
    CpuSet defaultPool = pools.cpus(new Pool.Reserved()).union(pools.cpus(new Pool.Default()));
    CpuSet sharedPool =
        model.sharedProfile().map(p -> pools.cpus(new Pool.Shared(p))).orElse(CpuSet.empty());
    if (!defaultPool.isEmpty()) {
      status.getSharedPools().add(new SharedPool(SharedPool.DEFAULT, defaultPool.toList()));
    }
    if (!sharedPool.isEmpty()) {
      status.getSharedPools().add(new SharedPool(SharedPool.SHARED, sharedPool.toList()));
    }
    status.setHardware(hardware(hardware));
    status.setReservedCPUs(model.reserved().toString());
    status.setAllocatableCPUs(model.allocatable().toString());

    // conditions
    List<ConditionSpec> conditions = new ArrayList<>();
    conditions.add(ConditionSpec.isTrue(READY, "AgentRunning", "the agent tunes this node"));
    conditions.add(
        ConditionSpec.isTrue(
            KUBELET_CONNECTED, "Connected", "PodResources answers on the kubelet's socket"));
    conditions.add(
        model
            .reservedMismatch()
            .map(m -> ConditionSpec.isFalse(RESERVED_CPUS_MATCH, "Mismatch", m))
            .orElseGet(
                () ->
                    ConditionSpec.isTrue(
                        RESERVED_CPUS_MATCH,
                        "Match",
                        "reserved CPUs are the kubelet's: "
                            + (model.reserved().isEmpty()
                                ? "none"
                                : model.reserved().toString()))));
    List<String> tuneProblems = new ArrayList<>();
    outcome.plan().refusals().forEach((cpu, r) -> tuneProblems.add(r.reason()));
    applied.failures().forEach(f -> tuneProblems.add(f.toString()));
    applied.mismatches().forEach(m -> tuneProblems.add(m.toString()));
    outcome.unreadable().forEach((cpu, why) -> tuneProblems.add(why));
    if (tuneProblems.isEmpty()) {
      conditions.add(
          ConditionSpec.isTrue(TUNED, "Converged", "every CPU is at its pool's settings"));
    } else {
      String reason =
          !applied.failures().isEmpty()
              ? "WritesFailed"
              : !applied.mismatches().isEmpty() ? "ReadBackMismatch" : "ProfilesRefused";
      conditions.add(ConditionSpec.isFalse(TUNED, reason, summarize(tuneProblems)));
    }
    List<String> podProblems = new ArrayList<>();
    model.podProblems().forEach((pod, why) -> podProblems.add(pod.nsName() + ": " + why));
    conditions.add(
        podProblems.isEmpty()
            ? ConditionSpec.isTrue(
                PODS_TUNED, "AllTuned", "every pod that asks for a profile is tuned")
            : ConditionSpec.isFalse(PODS_TUNED, "PodsNotTuned", summarize(podProblems)));
    conditions.add(
        model
            .shared()
            .map(
                s ->
                    ConditionSpec.isTrue(
                        SHARED_POOL,
                        "Shared",
                        "shared workload "
                            + s.workload()
                            + " tunes the shared pool to "
                            + s.profile()))
            .orElseGet(
                () ->
                    model.sharedProblems().isEmpty()
                        ? ConditionSpec.isFalse(
                            SHARED_POOL,
                            "NoSharedWorkload",
                            "no shared workload selects this node; shared CPUs stay untuned (Default)")
                        : ConditionSpec.isFalse(
                            SHARED_POOL,
                            "SharedWorkloadInvalid",
                            summarize(model.sharedProblems()))));

    // shared workload statuses
    Map<String, PowerWorkloadStatus> workloadStatuses = new TreeMap<>();
    Map<String, List<ConditionSpec>> workloadConditions = new TreeMap<>();
    model
        .shared()
        .ifPresent(
            s -> {
              PowerWorkloadStatus ws = new PowerWorkloadStatus();
              ws.setNode(node);
              ws.setCpuIds(sharedPool.minus(refused).minus(failed).toString());
              workloadStatuses.put(s.workload(), ws);
              List<ConditionSpec> cs = new ArrayList<>();
              cs.add(
                  ConditionSpec.isTrue(
                      APPLIED,
                      "Applied",
                      "profile " + s.profile() + " on CPUs " + sharedPool + " of node " + node));
              cs.add(
                  model
                      .reservedMismatch()
                      .map(m -> ConditionSpec.isFalse(RESERVED_CPUS_MATCH, "Mismatch", m))
                      .orElseGet(
                          () ->
                              ConditionSpec.isTrue(
                                  RESERVED_CPUS_MATCH,
                                  "Match",
                                  "reservedCPUs match the kubelet's")));
              workloadConditions.put(s.workload(), cs);
              for (String ignored : s.ignoredWorkloads()) {
                PowerWorkloadStatus is = new PowerWorkloadStatus();
                is.setNode(node);
                workloadStatuses.put(ignored, is);
                workloadConditions.put(
                    ignored,
                    List.of(
                        ConditionSpec.isFalse(
                            APPLIED,
                            "DuplicateSharedWorkload",
                            s.workload()
                                + " is the shared workload of node "
                                + node
                                + "; this one is ignored")));
              }
            });

    // this node's own workloads: the CPUs actually at the profile
    byWorkload.forEach(
        (name, containers) -> {
          CpuSet cpus = CpuSet.empty();
          for (TunedContainer c : containers) {
            cpus = cpus.union(c.cpus());
          }
          CpuSet tunedCpus = cpus.minus(refused).minus(failed);
          PowerWorkloadStatus ws = new PowerWorkloadStatus();
          ws.setNode(node);
          ws.setCpuIds(tunedCpus.toString());
          workloadStatuses.put(name, ws);
          workloadConditions.put(
              name,
              List.of(
                  tunedCpus.equals(cpus)
                      ? ConditionSpec.isTrue(
                          APPLIED,
                          "Applied",
                          "profile " + containers.get(0).profile() + " on CPUs " + cpus)
                      : ConditionSpec.isFalse(
                          APPLIED,
                          "PartlyApplied",
                          "profile "
                              + containers.get(0).profile()
                              + " reached CPUs "
                              + (tunedCpus.isEmpty() ? "none" : tunedCpus.toString())
                              + " of "
                              + cpus
                              + "; see the PowerNode's Tuned condition")));
        });

    // pod events
    List<PodEvent> events = new ArrayList<>();
    List<PodKey> tuned = new ArrayList<>();
    model
        .podProblems()
        .forEach((pod, why) -> events.add(new PodEvent(pod, true, PodEvent.NOT_APPLIED, why)));
    model
        .byPod()
        .forEach(
            (pod, containers) -> {
              List<String> bad = new ArrayList<>();
              List<String> good = new ArrayList<>();
              for (TunedContainer c : containers) {
                for (int cpu : c.cpus()) {
                  Desire.Refused r = outcome.plan().refusals().get(cpu);
                  if (r != null) {
                    bad.add(r.reason());
                  } else if (failed.contains(cpu)) {
                    bad.add("cpu " + cpu + " could not be written or read back as planned");
                  }
                }
                good.add(
                    c.profile() + " on CPUs " + c.cpus() + " (container " + c.container() + ")");
              }
              if (bad.isEmpty()) {
                tuned.add(pod);
                events.add(
                    new PodEvent(
                        pod, false, PodEvent.APPLIED, "power profile " + String.join("; ", good)));
              } else {
                events.add(new PodEvent(pod, true, PodEvent.NOT_APPLIED, summarize(bad)));
              }
            });
    return new NodeReport(
        status, conditions, workloads, workloadStatuses, workloadConditions, events, tuned);
  }

  /**
   * The PowerNode's {@code Ready} condition once the agent stopped and tried to restore its CPUs:
   * {@code AgentStopped} when every snapshotted CPU is back, {@code RestoreFailed} naming each CPU
   * that is not (and why) otherwise.
   */
  public static ConditionSpec stopped(Tuner.RestoreResult restored) {
    if (restored.complete()) {
      return ConditionSpec.isFalse(
          READY, AgentStop.RESTORED, "the agent stopped and restored the CPUs it had tuned");
    }
    return ConditionSpec.isFalse(
        READY,
        RESTORE_FAILED,
        "the agent stopped but could not restore "
            + (restored.failures().isEmpty()
                ? "node files " + String.join(", ", restored.nodeFailures().keySet())
                : "CPUs " + CpuSet.of(restored.failures().keySet()))
            + " ("
            + summarize(restored.failureReasons())
            + ")"
            + (restored.restored().isEmpty() ? "" : "; restored " + restored.restored())
            + RESTORE_HINT);
  }

  /** {@link #stopped(Tuner.RestoreResult)} when the snapshot itself could not be restored. */
  public static ConditionSpec stoppedUnrestored(String why) {
    return ConditionSpec.isFalse(
        READY,
        RESTORE_FAILED,
        "the agent stopped but could not restore the CPUs it had tuned ("
            + why
            + ")"
            + RESTORE_HINT);
  }

  /** The PowerNode's {@code status.hardware}. */
  public static NodeHardware hardware(HardwareFacts facts) {
    NodeHardware hw = new NodeHardware();
    hw.setDriver(facts.driver().orElse(null));
    hw.setCpus(facts.online().toString());
    for (HardwareFacts.CoreType t : facts.coreTypes()) {
      hw.getCoreTypes()
          .add(
              new CoreType(
                  t.cpus().toString(),
                  (int) t.range().min().mhz(),
                  (int) t.range().max().mhz(),
                  t.range().base().map(b -> (int) b.mhz()).orElse(null)));
    }
    hw.setGovernors(new ArrayList<>(facts.governors()));
    hw.setEpps(new ArrayList<>(facts.epps()));
    hw.setEppSupported(facts.eppSupported());
    for (HardwareFacts.IdleStateInfo s : facts.idleStates()) {
      hw.getCstates().add(new CState(s.name(), s.latencyUs(), s.residencyUs()));
    }
    for (HardwareFacts.UncoreInfo u : facts.uncore()) {
      UncoreDomain d =
          new UncoreDomain(u.domain(), (int) u.initialMin().mhz(), (int) u.initialMax().mhz());
      d.setPackage(u.packageId());
      d.setDie(u.dieId());
      hw.getUncore().add(d);
    }
    hw.setMissing(new ArrayList<>(facts.missing()));
    return hw;
  }

  /** Up to {@link #MESSAGE_ITEMS} distinct items joined with "; ", then "and N more". */
  static String summarize(List<String> items) {
    List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(items));
    if (distinct.size() <= MESSAGE_ITEMS) {
      return String.join("; ", distinct);
    }
    return String.join("; ", distinct.subList(0, MESSAGE_ITEMS))
        + "; and "
        + (distinct.size() - MESSAGE_ITEMS)
        + " more";
  }

  /** The pods' problems keyed for lookups. */
  public Optional<PodEvent> eventFor(PodKey pod) {
    return events.stream().filter(e -> e.pod().equals(pod)).findFirst();
  }
}
