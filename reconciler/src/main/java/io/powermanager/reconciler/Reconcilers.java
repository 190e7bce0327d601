package io.powermanager.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.FieldManagers;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.reconciler.config.ConfigTriggers;
import io.powermanager.reconciler.config.PowerConfigReconciler;
import io.powermanager.reconciler.election.LeaderElection;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.migration.StorageVersionMigration;
import io.powermanager.reconciler.node.NodeReconciler;
import io.powermanager.reconciler.node.NodeTriggers;
import io.powermanager.reconciler.profile.ExtendedProfileReconciler;
import io.powermanager.reconciler.profile.ProfileTriggers;
import io.powermanager.reconciler.runtime.ControllerLoop;
import io.powermanager.reconciler.runtime.EnqueueHandler;
import io.powermanager.reconciler.runtime.KeyMapper;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.schedule.ScheduleReconciler;
import io.powermanager.reconciler.tuning.NodeStatusReconciler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running cluster-level controllers, and how to start them:
 *
 * <ol>
 *   <li>{@code config} (keyed by PowerConfig): agent DaemonSet, base profiles, status, duplicates
 *       marked inactive;
 *   <li>{@code extended-profiles} (keyed by node): {@code <base>-<node>} profiles;
 *   <li>{@code node-capacity} (keyed by node): power extended resources, PowerNodes removed once
 *       power management is off and their agents have restored.
 * </ol>
 *
 * <p>Start-up: informers started (those not already running), caches synced, then — on the leader
 * only, when leader election is on — the workers, each controller seeded with every cached key. A
 * full resync re-enqueues every key each {@link ReconcilerConfig#resyncPeriod()}. {@link #close}
 * stops in reverse: workers (waiting for in-flight reconciles), the Lease (released), the event
 * handlers, and the informers this object started.
 */
public final class Reconcilers implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Reconcilers.class);

  /** The controllers' names, as in logs and the {@code controller} metric label. */
  public static final String CONFIG = "config";

  public static final String EXTENDED_PROFILES = "extended-profiles";
  public static final String NODE_CAPACITY = "node-capacity";
  public static final String POWER_SCHEDULES = "power-schedules";

  /** The loop writing CStates objects' status. */
  public static final String CSTATES = "cstates-status";

  /** The loop writing Uncore objects' status. */
  public static final String UNCORES = "uncores-status";

  /** The loop writing each PowerNodeSettings' status. */
  public static final String NODE_SETTINGS = "powernodesettings-status";

  public static final String PROFILE_NODES = "profile-nodes";
  public static final String TIME_OF_DAYS = "time-of-days";

  /** How long PowerConfig status changes are collected before the status is written. */
  static final Duration STATUS_DEBOUNCE = Duration.ofSeconds(2);

  /** How long a stop waits for in-flight reconciles before it interrupts them. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final ReconcilerConfig config;
  private final ClusterInformers informers;
  private final Optional<ClusterInformers> ownedInformers;
  private final List<ControllerLoop> loops;
  private final List<Runnable> handlerRemovals;
  private final ReconcilerMetrics metrics;
  private final ScheduledExecutorService resync;
  private volatile LeaderElection election;
  private volatile StorageVersionMigration migration;
  private final Object lifecycle = new Object();
  private volatile boolean running;
  private boolean closed;

  private Reconcilers(
      ReconcilerConfig config,
      ClusterInformers informers,
      Optional<ClusterInformers> ownedInformers,
      List<ControllerLoop> loops,
      List<Runnable> handlerRemovals,
      ReconcilerMetrics metrics) {
    this.config = config;
    this.informers = informers;
    this.ownedInformers = ownedInformers;
    this.loops = loops;
    this.handlerRemovals = handlerRemovals;
    this.metrics = metrics;
    this.resync =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reconcile-resync");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the reconcilers on informers of their own, which {@link #close} stops. */
  public static Reconcilers start(
      ReconcilerConfig config, KubernetesClient client, PrometheusRegistry registry, Clock clock) {
    ClusterInformers informers =
        ClusterInformers.cluster(
            client,
            config.powerNamespace(),
            registry,
            new EventRecorder(
                EventRecorder.creating(client),
                clock,
                FieldManagers.RECONCILER,
                config.eventInstance()));
    return start(config, client, informers, registry, clock, Optional.of(informers));
  }

  /**
   * Starts the reconcilers on informers shared with other components. Informers not yet running are
   * started; none is stopped by {@link #close} (whoever created them owns them).
   *
   * @throws IllegalStateException when the caches do not sync within {@link
   *     ReconcilerConfig#informerSyncTimeout()}
   */
  public static Reconcilers start(
      ReconcilerConfig config,
      KubernetesClient client,
      ClusterInformers informers,
      PrometheusRegistry registry,
      Clock clock) {
    return start(config, client, informers, registry, clock, Optional.empty());
  }

  private static Reconcilers start(
      ReconcilerConfig config,
      KubernetesClient client,
      ClusterInformers informers,
      PrometheusRegistry registry,
      Clock clock,
      Optional<ClusterInformers> owned) {
    Caches caches = new Caches(informers, config.powerNamespace());
    caches.addIndexers();
    List<ControllerLoop> loops = Collections.synchronizedList(new ArrayList<>());
    ReconcilerMetrics metrics = new ReconcilerMetrics(registry, loops);
    FabricWriter writer = new FabricWriter(client, metrics, caches);
    EventRecorder events =
        new EventRecorder(
            writer::createEvent, clock, FieldManagers.RECONCILER, config.eventInstance());

    ConfigTriggers configTriggers = new ConfigTriggers(caches, clock);
    ProfileTriggers profileTriggers = new ProfileTriggers(caches);
    NodeTriggers nodeTriggers = new NodeTriggers(caches);
    ControllerLoop configLoop =
        new ControllerLoop(
            CONFIG,
            new PowerConfigReconciler(config, caches, writer, events, clock),
            configTriggers::knownKeys,
            config.backoff(),
            clock,
            metrics);
    ControllerLoop profileLoop =
        new ControllerLoop(
            EXTENDED_PROFILES,
            new ExtendedProfileReconciler(caches, writer, events),
            profileTriggers::knownKeys,
            config.backoff(),
            clock,
            metrics);
    ControllerLoop nodeLoop =
        new ControllerLoop(
            NODE_CAPACITY,
            new NodeReconciler(caches, writer, events, clock),
            nodeTriggers::knownKeys,
            config.backoff(),
            clock,
            metrics);
    loops.addAll(List.of(configLoop, profileLoop, nodeLoop));
    ScheduleReconciler<PowerSchedule> schedules =
        ScheduleReconciler.powerSchedules(informers, caches, writer, clock);
    ScheduleReconciler<TimeOfDay> timeOfDays =
        ScheduleReconciler.timeOfDays(informers, caches, writer, clock);
    ControllerLoop scheduleLoop =
        new ControllerLoop(
            POWER_SCHEDULES, schedules, schedules::knownKeys, config.backoff(), clock, metrics);
    ControllerLoop timeOfDayLoop =
        new ControllerLoop(
            TIME_OF_DAYS, timeOfDays, timeOfDays::knownKeys, config.backoff(), clock, metrics);
    loops.addAll(List.of(scheduleLoop, timeOfDayLoop));
    var cstates = NodeStatusReconciler.cstates(informers, caches, writer, clock);
    var uncores = NodeStatusReconciler.uncores(informers, caches, writer, clock);
    ControllerLoop cstatesLoop =
        new ControllerLoop(CSTATES, cstates, cstates::knownKeys, config.backoff(), clock, metrics);
    ControllerLoop uncoresLoop =
        new ControllerLoop(UNCORES, uncores, uncores::knownKeys, config.backoff(), clock, metrics);
    loops.addAll(List.of(cstatesLoop, uncoresLoop));
    var nodeSettings = NodeStatusReconciler.nodeSettings(informers, caches, writer, clock);
    ControllerLoop nodeSettingsLoop =
        new ControllerLoop(
            NODE_SETTINGS, nodeSettings, nodeSettings::knownKeys, config.backoff(), clock, metrics);
    loops.add(nodeSettingsLoop);

    List<Runnable> removals = new ArrayList<>(caches.watchCaches());
    // Events that only change the PowerConfig's status (nodes coming and going, heartbeats turning
    // fresh) are debounced: many PowerNodes arriving at once make one status write, not one each.
    Consumer<ResourceKey> toConfig = configLoop::enqueue;
    Consumer<ResourceKey> toConfigSoon = k -> configLoop.enqueueAfter(k, STATUS_DEBOUNCE);
    Consumer<ResourceKey> toProfiles = profileLoop::enqueue;
    Consumer<ResourceKey> toNodes = nodeLoop::enqueue;
    // PowerConfig controller
    on(
        informers.configs(),
        new EnqueueHandler<>(configTriggers::fromConfig, ConfigTriggers::configChanged, toConfig),
        removals);
    on(
        informers.daemonSets(),
        EnqueueHandler.always(configTriggers::fromDaemonSet, toConfig),
        removals);
    on(
        informers.profiles(),
        new EnqueueHandler<>(configTriggers::fromProfile, ProfileTriggers::objectChanged, toConfig),
        removals);
    on(informers.pods(), EnqueueHandler.always(configTriggers::fromPod, toConfig), removals);
    on(
        informers.workloads(),
        EnqueueHandler.always(configTriggers::fromWorkload, toConfig),
        removals);
    on(
        informers.powerNodes(),
        new EnqueueHandler<>(
            configTriggers::fromPowerNode, configTriggers::powerNodeChanged, toConfigSoon),
        removals);
    on(
        informers.nodes(),
        new EnqueueHandler<>(configTriggers::fromNode, ConfigTriggers::labelsChanged, toConfigSoon),
        removals);
    // extended profiles
    on(
        informers.powerNodes(),
        new EnqueueHandler<>(
            profileTriggers::fromPowerNode, ProfileTriggers::hardwareChanged, toProfiles),
        removals);
    on(
        informers.nodes(),
        new EnqueueHandler<>(profileTriggers::fromNode, ConfigTriggers::labelsChanged, toProfiles),
        removals);
    on(
        informers.profiles(),
        new EnqueueHandler<>(
            profileTriggers::fromProfile, ProfileTriggers::objectChanged, toProfiles),
        removals);
    on(
        informers.configs(),
        new EnqueueHandler<>(
            profileTriggers::fromConfig, ConfigTriggers::configChanged, toProfiles),
        removals);
    // node capacity
    on(informers.nodes(), EnqueueHandler.always(nodeTriggers::fromNode, toNodes), removals);
    on(
        informers.powerNodes(),
        EnqueueHandler.always(nodeTriggers::fromPowerNode, toNodes),
        removals);
    on(
        informers.profiles(),
        new EnqueueHandler<>(nodeTriggers::fromProfile, ProfileTriggers::objectChanged, toNodes),
        removals);
    on(
        informers.configs(),
        new EnqueueHandler<>(nodeTriggers::fromConfig, ConfigTriggers::configChanged, toNodes),
        removals);

    // schedules' Accepted condition: one schedule, profile or node label change may affect any
    for (var loop :
        List.of(
            Map.entry(scheduleLoop, (KeyMapper<Object>) o -> schedules.knownKeys()),
            Map.entry(timeOfDayLoop, (KeyMapper<Object>) o -> timeOfDays.knownKeys()))) {
      Consumer<ResourceKey> sink = loop.getKey()::enqueue;
      on(informers.schedules(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(informers.timeOfDays(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(
          informers.profiles(),
          new EnqueueHandler<>(loop.getValue(), ProfileTriggers::objectChanged, sink),
          removals);
      on(
          informers.nodes(),
          new EnqueueHandler<>(loop.getValue(), ConfigTriggers::labelsChanged, sink),
          removals);
    }

    // CStates and Uncore status: an object, another of its kind, a PowerNode report or node labels
    for (var loop :
        List.of(
            Map.entry(cstatesLoop, (KeyMapper<Object>) o -> cstates.knownKeys()),
            Map.entry(uncoresLoop, (KeyMapper<Object>) o -> uncores.knownKeys()),
            Map.entry(nodeSettingsLoop, (KeyMapper<Object>) o -> nodeSettings.knownKeys()))) {
      Consumer<ResourceKey> sink = loop.getKey()::enqueue;
      on(informers.cstates(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(informers.uncores(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(informers.nodeSettings(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(informers.powerNodes(), EnqueueHandler.always(loop.getValue(), sink), removals);
      on(
          informers.nodes(),
          new EnqueueHandler<>(loop.getValue(), ConfigTriggers::labelsChanged, sink),
          removals);
    }

    // PowerProfile status.nodes: where each profile is advertised
    io.powermanager.reconciler.profile.ProfileNodesReconciler profileNodes =
        new io.powermanager.reconciler.profile.ProfileNodesReconciler(caches, writer);
    ControllerLoop profileNodesLoop =
        new ControllerLoop(
            PROFILE_NODES, profileNodes, profileNodes::knownKeys, config.backoff(), clock, metrics);
    loops.add(profileNodesLoop);
    Consumer<ResourceKey> toProfileNodes = k -> profileNodesLoop.enqueueAfter(k, STATUS_DEBOUNCE);
    on(
        informers.nodes(),
        new EnqueueHandler<>(
            profileNodes::fromNode,
            io.powermanager.reconciler.profile.ProfileNodesReconciler::offersChanged,
            toProfileNodes),
        removals);
    on(
        informers.profiles(),
        new EnqueueHandler<>(
            profileNodes::fromProfile, ProfileTriggers::objectChanged, profileNodesLoop::enqueue),
        removals);

    Reconcilers reconcilers = new Reconcilers(config, informers, owned, loops, removals, metrics);
    try {
      reconcilers.startInformers();
      reconcilers.startResync();
      reconcilers.startLeading(client);
    } catch (RuntimeException e) {
      reconcilers.close();
      throw e;
    }
    return reconcilers;
  }

  private static <T> void on(
      SharedIndexInformer<T> informer, ResourceEventHandler<T> handler, List<Runnable> removals) {
    informer.addEventHandler(handler);
    removals.add(() -> informer.removeEventHandler(handler));
  }

  /**
   * Starts the informers not yet running and waits for every one's start future: fabric8 completes
   * it once the first list is in the cache, and hands a running informer's own future back.
   */
  private void startInformers() {
    try {
      informers.start().get(config.informerSyncTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "informer caches did not sync within " + config.informerSyncTimeout(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an informer failed to start: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for informer caches", e);
    }
  }

  private void startResync() {
    long period = config.resyncPeriod().toMillis();
    resync.scheduleAtFixedRate(
        () -> loops.forEach(ControllerLoop::enqueueAll), period, period, TimeUnit.MILLISECONDS);
  }

  private void startLeading(KubernetesClient client) {
    migration =
        new StorageVersionMigration(
            client,
            config.powerNamespace(),
            PowerResources.kinds().stream().map(CustomResource::getCRDName).toList());
    if (!config.leaderElection().enabled()) {
      startControllers();
      return;
    }
    election =
        new LeaderElection(
            client,
            config.powerNamespace(),
            config.leaderElection(),
            this::startControllers,
            this::stopControllers);
    election.start();
  }

  private void startControllers() {
    synchronized (lifecycle) {
      if (closed || running) {
        return;
      }
      running = true;
      for (ControllerLoop loop : loops) {
        loop.start(CONFIG.equals(loop.name()) ? 1 : config.workers());
      }
      metrics.leading(true);
      resync.execute(this::migrateStorage);
    }
    LOGGER.atInfo().log("reconcilers started");
  }

  /**
   * On the leader, once per leadership: objects still stored as v1alpha1 re-written as v1 ({@link
   * StorageVersionMigration}); retried a minute later on failure (e.g. while the conversion webhook
   * is not reachable yet).
   */
  private void migrateStorage() {
    StorageVersionMigration m = migration;
    if (m == null || !running) {
      return;
    }
    try {
      m.migrateOnce();
    } catch (RuntimeException e) {
      LOGGER.atWarn().setCause(e).log("storage version migration failed; retrying in a minute");
      resync.schedule(this::migrateStorage, 1, TimeUnit.MINUTES);
    }
  }

  private void stopControllers() {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      List<ControllerLoop> reversed = new ArrayList<>(loops);
      Collections.reverse(reversed);
      reversed.forEach(ControllerLoop::beginStop);
      long deadline = System.nanoTime() + STOP_GRACE.toNanos();
      reversed.forEach(l -> l.awaitStop(deadline));
      metrics.leading(false);
    }
    LOGGER.atInfo().log("reconcilers stopped");
  }

  /** Whether this replica runs the controllers now (always, without leader election). */
  public boolean isRunning() {
    return running;
  }

  /** Asks every controller to look at every key now, as the periodic resync does. */
  public void resyncNow() {
    loops.forEach(ControllerLoop::enqueueAll);
  }

  /** The informers the reconcilers read (shared or their own). */
  public ClusterInformers informers() {
    return informers;
  }

  /** Each controller's queue: ready, in flight and held-back keys, for diagnostics. */
  public String describeQueues() {
    StringBuilder out = new StringBuilder();
    for (ControllerLoop l : loops) {
      out.append(
          String.format(
              "%s: %d ready, %d in flight, %d held back; ",
              l.name(), l.depth(), l.inFlight(), l.heldBack()));
    }
    return out.toString().strip();
  }

  /** Keys ready to run or being reconciled, over every controller. */
  public int pending() {
    return loops.stream().mapToInt(l -> l.depth() + l.inFlight()).sum();
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
    }
    stopControllers();
    synchronized (lifecycle) {
      closed = true;
    }
    LeaderElection e = election;
    if (e != null) {
      e.close();
    }
    resync.shutdownNow();
    handlerRemovals.forEach(Runnable::run);
    ownedInformers.ifPresent(ClusterInformers::close);
  }
}
