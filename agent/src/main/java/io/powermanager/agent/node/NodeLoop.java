package io.powermanager.agent.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.LogKeys;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.cpuidle.CStateIntent;
import io.powermanager.agent.cpuidle.CStateReport;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.agent.kube.KubeCaches;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.kube.PowerObjects;
import io.powermanager.agent.metrics.AgentMetrics;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.agent.podresources.PodResourcesException;
import io.powermanager.agent.podresources.PodResourcesSource;
import io.powermanager.agent.schedule.ScheduleDriver;
import io.powermanager.agent.schedule.ScheduleLayer;
import io.powermanager.agent.telemetry.TelemetryCollector;
import io.powermanager.agent.uncore.UncoreReport;
import io.powermanager.agent.uncore.UncoreSelection;
import io.powermanager.api.kube.Backoff;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.NodePools;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's level-triggered loop: any API event, the periodic resync and the heartbeat tick
 * schedule ONE recompute of the whole node (triggers arriving while one is pending coalesce), run
 * on a single worker thread: observe the kubelet and the API caches, compute the model and the
 * pools, converge the CPUs (plan, snapshot, write, read back), then report (workloads, PowerNode
 * status, shared workload status, Events, metrics). A missed event costs nothing: the next
 * recompute sees the whole state. A failed recompute is retried with exponential backoff (1 s
 * doubling to 30 s).
 *
 * <p>Thread-safe: {@link #trigger()} may be called from any thread.
 */
public final class NodeLoop implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeLoop.class);
  private static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private static final Duration NOT_SYNCED_RETRY = Duration.ofMillis(100);

  /** How long {@link #close()} lets a running recompute finish before interrupting it. */
  public static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /**
   * What the loop works with.
   *
   * @param node this node's name
   * @param tuner the CPUs
   * @param kubelet the kubelet's PodResources
   * @param caches the API caches
   * @param objects the API writer
   * @param metrics the metrics
   * @param clock the clock
   * @param resync how often to recompute without events
   * @param heartbeat how often to refresh the heartbeat
   * @param telemetry reads energy, idle and frequency counters for the status and the metrics
   */
  public record Parts(
      String node,
      Tuner tuner,
      PodResourcesSource kubelet,
      KubeCaches caches,
      PowerObjects objects,
      AgentMetrics metrics,
      Clock clock,
      Duration resync,
      Duration heartbeat,
      TelemetryCollector telemetry) {}

  /** The latest recompute's data, for tests and benchmarks. */
  public record Result(
      NodeModel model, NodePools pools, Tuner.Outcome outcome, NodeReport report, long nanos) {}

  private final Parts parts;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean pending = new AtomicBoolean();

  /** Set by {@link #close}: no recompute starts, and none that is running writes sysfs. */
  private volatile boolean closed;

  private final ScheduleDriver schedules;

  private volatile Result last;
  private final io.powermanager.agent.turbo.TurboReport turbo =
      new io.powermanager.agent.turbo.TurboReport();
  private volatile Throwable lastFailure;
  private int failures;

  public NodeLoop(Parts parts) {
    this.parts = Objects.requireNonNull(parts, "parts");
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "power-agent-" + parts.node());
              t.setDaemon(true);
              return t;
            });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    this.schedules =
        new ScheduleDriver(
            parts.node(),
            parts.clock(),
            d -> executor.schedule(this::trigger, d.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Starts the periodic resync and heartbeat ticks; the first recompute runs at once. */
  public void start() {
    executor.scheduleWithFixedDelay(
        this::trigger, 0, parts.resync().toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(
        this::trigger,
        parts.heartbeat().toMillis(),
        parts.heartbeat().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Schedules one recompute unless one is already pending. */
  public void trigger() {
    if (pending.compareAndSet(false, true)) {
      try {
        executor.execute(this::runPending);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.set(false); // stopped
      }
    }
  }

  /** Runs a recompute on the loop thread and completes with its result (or failure). */
  public CompletableFuture<Result> recompute() {
    return CompletableFuture.supplyAsync(
        () -> {
          recomputeOnce();
          if (lastFailure != null) {
            throw new IllegalStateException("recompute failed", lastFailure);
          }
          return last;
        },
        executor);
  }

  public Optional<Result> lastResult() {
    return Optional.ofNullable(last);
  }

  private void runPending() {
    pending.set(false);
    recomputeOnce();
  }

  private void recomputeOnce() {
    lastFailure = null;
    if (closed) {
      return;
    }
    try {
      if (!parts.caches().synced()) {
        schedule(NOT_SYNCED_RETRY);
        lastFailure = new IllegalStateException("API caches not synced yet");
        return;
      }
      last = recomputeNode();
      failures = 0;
    } catch (PodResourcesException e) {
      lastFailure = e;
      if (closed) {
        return; // interrupted by close: nothing to report or retry
      }
      parts.metrics().podResourcesError(e.kind().name());
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.NODE, parts.node())
          .addKeyValue(LogKeys.REASON, e.kind())
          .log("kubelet PodResources failed: " + e.getMessage());
      degraded(
          List.of(
              ConditionSpec.isFalse(NodeReport.READY, "KubeletUnavailable", e.getMessage()),
              ConditionSpec.isFalse(
                  NodeReport.KUBELET_CONNECTED, reasonOf(e.kind()), e.getMessage())));
      backoff();
    } catch (Closed e) {
      lastFailure = e;
    } catch (RuntimeException | java.io.IOException e) {
      lastFailure = e;
      if (closed) {
        return; // interrupted by close: nothing to retry
      }
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.NODE, parts.node())
          .setCause(e)
          .log("node recompute failed; retrying");
      backoff();
    }
  }

  /** A recompute that found the loop closed before its sysfs writes: it writes nothing. */
  private static final class Closed extends RuntimeException {
    Closed() {
      super("the node loop was closed; no CPU written", null, false, false);
    }
  }

  private static String reasonOf(PodResourcesException.Kind kind) {
    return switch (kind) {
      case UNAVAILABLE -> "SocketUnavailable";
      case RATE_LIMITED -> "RateLimited";
      case UNSUPPORTED -> "Unsupported";
      case FAILED -> "CallFailed";
    };
  }

  private void degraded(List<ConditionSpec> conditions) {
    try {
      PowerNodeStatus status = parts.objects().lastStatus();
      List<ConditionSpec> merged = new ArrayList<>(conditions);
      Set<String> types = new HashSet<>();
      conditions.forEach(c -> types.add(c.type()));
      if (status.getConditions() != null) {
        for (var c : status.getConditions()) {
          if (!types.contains(c.getType())) {
            merged.add(
                new ConditionSpec(
                    c.getType(),
                    "True".equals(c.getStatus()),
                    Objects.requireNonNullElse(c.getReason(), ""),
                    Objects.requireNonNullElse(c.getMessage(), "")));
          }
        }
      }
      status.setConditions(null);
      parts.objects().writeNodeStatus(status, merged);
    } catch (RuntimeException e) {
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.NODE, parts.node())
          .setCause(e)
          .log("PowerNode status not written");
    }
  }

  private void backoff() {
    schedule(RETRY.delay(++failures));
  }

  private void schedule(Duration delay) {
    try {
      executor.schedule(this::trigger, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopped
    }
  }

  private Result recomputeNode() throws PodResourcesException, java.io.IOException {
    long start = System.nanoTime();
    HardwareFacts hardware = parts.tuner().hardware();
    KubeCaches caches = parts.caches();
    PodResourcesSource kubelet = parts.kubelet();
    CpuSet allocatable = kubelet.allocatable();
    if (allocatable.isEmpty()) {
      allocatable = hardware.online(); // CPU manager policy none: nothing reserved or exclusive
    }
    Map<String, List<PodCpus>> byName = new LinkedHashMap<>();
    for (PodCpus pod : kubelet.list()) {
      byName.computeIfAbsent(pod.key(), k -> new ArrayList<>()).add(pod);
    }
    Map<String, PodCpus> unique = new TreeMap<>();
    Set<String> ambiguous = new HashSet<>();
    for (Map.Entry<String, List<PodCpus>> e : byName.entrySet()) {
      if (e.getValue().size() == 1) {
        unique.put(e.getKey(), e.getValue().get(0));
        continue;
      }
      Optional<PodCpus> newest = Optional.empty();
      if (kubelet.supportsGet()) {
        PodCpus any = e.getValue().get(0);
        try {
          newest = kubelet.get(any.namespace(), any.name());
        } catch (PodResourcesException ex) {
          if (ex.kind() != PodResourcesException.Kind.UNSUPPORTED) {
            throw ex;
          }
        }
      }
      if (newest.isPresent()) {
        unique.put(e.getKey(), newest.get());
      } else {
        ambiguous.add(e.getKey());
      }
    }
    List<Pod> pods = caches.pods();
    List<PowerWorkload> workloads = caches.workloads();
    NodeModel model =
        NodeModel.compute(
            new NodeModel.Inputs(
                parts.node(),
                hardware,
                allocatable,
                unique,
                ambiguous,
                pods,
                caches.profiles(),
                workloads,
                caches.nodeLabels(),
                caches.customDevices()));
    ScheduleLayer.Applied layer = schedules.layer(model, caches, pods, hardware.commonRange());
    model = layer.model();
    NodePools pools =
        NodePools.assign(
            hardware.online(),
            allocatable,
            layer.claims(),
            model.sharedProfile(),
            model.listedReserved(),
            model.reservedProfiles());
    if (closed) {
      // close() may already be restoring the snapshot: writing now would tune CPUs after it
      throw new Closed();
    }
    UncoreSelection.Selected uncore =
        UncoreSelection.forNode(parts.node(), caches.nodeLabels(), caches.uncores())
            .withLayer(layer.uncore());
    CStateIntent cstates =
        CStateIntent.compute(parts.node(), caches.nodeLabels(), caches.profiles(), caches.cstates())
            .withLayer(layer.cstates());
    Tuner.Outcome outcome =
        parts
            .tuner()
            .converge(
                pools,
                model::profile,
                cstates,
                uncore.limits(),
                io.powermanager.agent.turbo.TurboReport.intent(
                    parts.node(), caches.nodeLabels(), caches.nodeSettings()));
    parts.metrics().record(outcome, actual(outcome));
    CStateReport idle = CStateReport.compute(model, outcome, cstates);
    parts.metrics().cstates(idle.disabled());
    if (!outcome.plan().converged()) {
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.NODE, parts.node())
          .addKeyValue(LogKeys.WRITES, outcome.applied().written().size())
          .addKeyValue(LogKeys.CPUS, outcome.plan().cpus())
          .log("CPUs tuned");
    }
    NodeReport report =
        NodeReport.compute(model, pools, outcome, parts.tuner().hardware()).withCStates(idle);
    if (report.status().getHardware() != null) {
      report.status().getHardware().setTurboKnob(outcome.turbo().knob().orElse(null));
      report
          .status()
          .getHardware()
          .setTurbo(outcome.turbo().knob().isPresent() ? outcome.turbo().on() : null);
    }
    report.status().setTelemetry(parts.telemetry().collect(pools, podCpus(model)));
    report.status().setSchedule(layer.status().orElse(null));
    report(report, model, workloads, pods, uncore, outcome);
    schedules.after(layer, parts.objects()::emit);
    long nanos = System.nanoTime() - start;
    parts.metrics().recomputed(nanos / 1e9);
    return new Result(model, pools, outcome, report, nanos);
  }

  private static Map<PodKey, CpuSet> podCpus(NodeModel model) {
    Map<PodKey, CpuSet> out = new LinkedHashMap<>();
    model
        .byPod()
        .forEach(
            (pod, containers) -> containers.forEach(c -> out.merge(pod, c.cpus(), CpuSet::union)));
    return out;
  }

  /** Observed settings with the targets of the CPUs that converged laid over them. */
  private static Map<Integer, CpuSettings> actual(Tuner.Outcome outcome) {
    Map<Integer, CpuSettings> actual = new TreeMap<>(outcome.observed());
    for (int cpu : outcome.applied().converged()) {
      if (outcome.desires().get(cpu) instanceof Desire.Target t) {
        actual.put(cpu, t.settings());
      }
    }
    return actual;
  }

  private void report(
      NodeReport report,
      NodeModel model,
      List<PowerWorkload> workloads,
      List<Pod> pods,
      UncoreSelection.Selected uncore,
      Tuner.Outcome outcome) {
    PowerObjects objects = parts.objects();
    objects.syncWorkloads(report.workloads(), workloads);
    List<ConditionSpec> conditions = new ArrayList<>(report.conditions());
    report.status().setUncore(UncoreReport.status(outcome.uncore(), outcome.applied()));
    parts.metrics().uncore().record(report.status().getUncore());
    conditions.addAll(io.powermanager.agent.turbo.TurboReport.conditions(outcome.turbo()));
    turbo.events(outcome.turbo(), podCpus(model)).forEach(objects::emit);
    conditions.addAll(
        UncoreReport.conditions(
            uncore.object().isPresent() || uncore.limits().isPresent(),
            !parts.tuner().hardware().uncore().isEmpty()));
    uncore
        .object()
        .ifPresent(
            u ->
                conditions.addAll(
                    UncoreReport.applied(
                        u.getMetadata().getName(),
                        !parts.tuner().hardware().uncore().isEmpty(),
                        outcome.uncore(),
                        outcome.applied(),
                        uncore.problems())));
    uncore
        .object()
        .ifPresent(
            u ->
                UncoreReport.events(
                        parts.node(), outcome.uncore(), outcome.applied(), uncore.problems())
                    .forEach(e -> objects.emitOn(u, e.reason(), e.message())));
    objects.writeNodeStatus(report.status(), conditions);
    model
        .reservedMismatch()
        .flatMap(m -> model.shared().map(s -> Map.entry(s.workload(), m)))
        .flatMap(
            e ->
                workloads.stream()
                    .filter(w -> e.getKey().equals(w.getMetadata().getName()))
                    .findFirst()
                    .map(w -> Map.entry(w, e.getValue())))
        .ifPresent(e -> objects.emitOnWorkload(e.getKey(), "ReservedCPUsMismatch", e.getValue()));
    report
        .workloadStatuses()
        .forEach(
            (name, status) ->
                workloads.stream()
                    .filter(w -> name.equals(w.getMetadata().getName()))
                    .findFirst()
                    .ifPresent(
                        w ->
                            objects.writeWorkloadStatus(
                                w, status, report.workloadConditions().get(name))));
    report.events().forEach(objects::emit);
    long now = parts.clock().millis();
    for (PodKey pod : report.tunedPods()) {
      parts
          .caches()
          .firstSeen(pod.uid())
          .ifPresent(
              seen -> {
                parts.metrics().podTuned(Math.max(0, now - seen) / 1000.0);
                parts.caches().forgetSeen(pod.uid());
              });
    }
  }

  /** {@link #close(Duration)} with {@link #STOP_WAIT}. */
  @Override
  public void close() {
    close(STOP_WAIT);
  }

  /**
   * Stops the loop: no recompute starts after this, a running one writes no CPU if it has not begun
   * writing, and one still busy after {@code wait} (blocked on the kubelet or the API server) is
   * interrupted, so the caller can restore the snapshot without a recompute writing after it.
   */
  public void close(Duration wait) {
    closed = true;
    executor.shutdown();
    schedules.close();
    try {
      if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOGGER
            .atWarn()
            .addKeyValue(LogKeys.NODE, parts.node())
            .log("node loop still busy after " + wait.toMillis() + " ms; interrupting it");
        executor.shutdownNow();
        if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOGGER
              .atWarn()
              .addKeyValue(LogKeys.NODE, parts.node())
              .log("node loop did not stop; it writes no CPU from now on");
        }
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
