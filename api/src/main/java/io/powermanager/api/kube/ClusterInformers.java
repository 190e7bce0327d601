package io.powermanager.api.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager;
import io.fabric8.kubernetes.client.dsl.internal.BaseOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.informers.impl.DefaultSharedIndexInformer;
import io.fabric8.kubernetes.client.informers.impl.ListerWatcher;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The informers of one process, one per kind, shared by whichever components the process runs
 * (webhook, extender, reconcilers in the manager; the agent alone on its node). Each informer is
 * created when a component first asks for it, so a process watches only what its components read;
 * {@link #start()} runs those created so far and any created later starts at once. Components keep
 * their own read-side views over these informers and never stop them: {@link #close()} does.
 *
 * <p>The power kinds are listed and watched as untyped objects and decoded one by one; the kinds
 * whose versions differ are read at the storage version {@code v1} and converted in-process to the
 * {@code v1alpha1} model ({@link StorageVersion}), so no read of ours needs the CRDs' conversion
 * webhook. An object the Java model cannot convert or decode (a value beyond {@code int}, say) is
 * left out of the cache — logged once, counted in {@value #UNDECODABLE_METRIC} and, where a
 * recorder is given, told in a Warning Event on the object — and the informer keeps running. A
 * fabric8 typed informer would stop for good on such an object.
 */
public final class ClusterInformers implements AutoCloseable {

  /** The name of the agent DaemonSet, the one DaemonSet watched. */
  public static final String AGENT_DAEMONSET = "power-node-agent";

  /** The Node fields any component reads; everything else (images, conditions) is dropped. */
  public static final List<String> NODE_FIELDS =
      List.of("metadata.uid", "metadata.labels", "status.capacity", "status.allocatable");

  /** Counter of objects left out of a cache because they could not be decoded, by kind. */
  public static final String UNDECODABLE_METRIC = "power_manager_informer_undecodable_objects";

  /** Event reason for an object left out of the caches. */
  public static final String UNDECODABLE_REASON = "Undecodable";

  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterInformers.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Optional<String> nodeName;
  private final Counter undecodable;
  private final Optional<EventRecorder> events;
  private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private volatile boolean started;

  private ClusterInformers(
      KubernetesClient client,
      String namespace,
      Optional<String> nodeName,
      PrometheusRegistry registry,
      Optional<EventRecorder> events) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.nodeName = nodeName;
    this.events = events;
    this.undecodable =
        Counter.builder()
            .name(UNDECODABLE_METRIC)
            .help("Objects left out of an informer cache because they could not be decoded")
            .labelNames("kind")
            .register(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * The manager's (or one standalone component's) set: the power kinds of {@code powerNamespace},
   * every Node, the pods labelled {@link PowerLabels#PROFILE} in every namespace and the agent
   * DaemonSet.
   *
   * @param events records a Warning Event on each undecodable object
   */
  public static ClusterInformers cluster(
      KubernetesClient client,
      String powerNamespace,
      PrometheusRegistry registry,
      EventRecorder events) {
    return new ClusterInformers(
        client, powerNamespace, Optional.empty(), registry, Optional.of(events));
  }

  /**
   * One agent's set: the pods bound to {@code nodeName} (server-side field selector), that Node
   * alone and the power kinds of {@code powerNamespace}. Records no Events: one per agent about the
   * same object would flood the namespace; the log and the counter tell.
   */
  public static ClusterInformers node(
      KubernetesClient client,
      String powerNamespace,
      String nodeName,
      PrometheusRegistry registry) {
    return new ClusterInformers(
        client, powerNamespace, Optional.of(nodeName), registry, Optional.empty());
  }

  public SharedIndexInformer<PowerConfig> configs() {
    return informer(PowerConfig.class, () -> tolerant(PowerConfig.class));
  }

  public SharedIndexInformer<PowerProfile> profiles() {
    return informer(PowerProfile.class, () -> tolerant(PowerProfile.class));
  }

  public SharedIndexInformer<PowerNode> powerNodes() {
    return informer(PowerNode.class, () -> tolerant(PowerNode.class));
  }

  public SharedIndexInformer<PowerWorkload> workloads() {
    return informer(PowerWorkload.class, () -> tolerant(PowerWorkload.class));
  }

  public SharedIndexInformer<io.powermanager.api.v1alpha1.Uncore> uncores() {
    return informer(
        io.powermanager.api.v1alpha1.Uncore.class,
        () -> tolerant(io.powermanager.api.v1alpha1.Uncore.class));
  }

  public SharedIndexInformer<CStates> cstates() {
    return informer(CStates.class, () -> tolerant(CStates.class));
  }

  public SharedIndexInformer<PowerSchedule> schedules() {
    return informer(PowerSchedule.class, () -> tolerant(PowerSchedule.class));
  }

  public SharedIndexInformer<TimeOfDay> timeOfDays() {
    return informer(TimeOfDay.class, () -> tolerant(TimeOfDay.class));
  }

  public SharedIndexInformer<io.powermanager.api.v1alpha1.PowerNodeSettings> nodeSettings() {
    return informer(
        io.powermanager.api.v1alpha1.PowerNodeSettings.class,
        () -> tolerant(io.powermanager.api.v1alpha1.PowerNodeSettings.class));
  }

  /** Nodes (this node alone for an agent), keeping only {@link #NODE_FIELDS}. */
  public SharedIndexInformer<Node> nodes() {
    return informer(
        Node.class,
        () -> {
          Informable<Node> nodes =
              nodeName.isPresent() ? client.nodes().withName(nodeName.get()) : client.nodes();
          return nodes
              .runnableInformer(0)
              .itemStore(
                  new ReducedStateItemStore<>(
                      ReducedStateItemStore.NAME_KEY_STATE,
                      Node.class,
                      client.getKubernetesSerialization(),
                      NODE_FIELDS.toArray(String[]::new)));
        });
  }

  /** Pods labelled {@link PowerLabels#PROFILE} (every pod bound to this node for an agent). */
  public SharedIndexInformer<Pod> pods() {
    return informer(
        Pod.class,
        () -> {
          var pods = client.pods().inAnyNamespace();
          return (nodeName.isPresent()
                  ? pods.withField("spec.nodeName", nodeName.get())
                  : pods.withLabel(PowerLabels.PROFILE))
              .runnableInformer(0);
        });
  }

  /** The agent DaemonSet {@value #AGENT_DAEMONSET} of the power namespace. */
  public SharedIndexInformer<DaemonSet> daemonSets() {
    return informer(
        DaemonSet.class,
        () ->
            client
                .apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(AGENT_DAEMONSET)
                .runnableInformer(0));
  }

  /**
   * Starts every informer created so far (later ones start when created). The future completes once
   * each has listed its objects; it fails if one cannot start.
   */
  public CompletableFuture<Void> start() {
    started = true;
    return CompletableFuture.allOf(
        informers.values().stream()
            .map(i -> i.start().toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  /** Whether every informer created so far has listed its objects once. */
  public boolean hasSynced() {
    return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /**
   * For readiness: started, and every informer running and synced. An informer that stopped (its
   * watch failed for good) makes this false until the process restarts.
   */
  public boolean healthy() {
    return started && informers.values().stream().allMatch(i -> i.isRunning() && i.hasSynced());
  }

  /**
   * Calls {@code changed} with the new object on every add and update of {@code informer}, and
   * {@code deleted} on every delete; returns what removes the handler again.
   */
  public static <T> Runnable onEvents(
      SharedIndexInformer<T> informer, Consumer<T> changed, Consumer<T> deleted) {
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            changed.accept(obj);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            changed.accept(newObj);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            deleted.accept(obj);
          }
        };
    informer.addEventHandler(handler);
    return () -> informer.removeEventHandler(handler);
  }

  /** Stops every informer of the set. */
  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::close);
  }

  @SuppressWarnings("unchecked")
  private <T> SharedIndexInformer<T> informer(
      Class<T> kind, Supplier<SharedIndexInformer<T>> create) {
    boolean[] created = {false};
    SharedIndexInformer<T> informer =
        (SharedIndexInformer<T>)
            informers.computeIfAbsent(
                kind,
                k -> {
                  created[0] = true;
                  return create.get();
                });
    if (created[0] && started) {
      informer.start();
    }
    return informer;
  }

  /**
   * An informer of a power kind that lists and watches untyped objects and decodes each itself, so
   * that one undecodable object cannot stop it.
   */
  private <T extends HasMetadata> SharedIndexInformer<T> tolerant(Class<T> type) {
    BaseOperation<GenericKubernetesResource, GenericKubernetesResourceList, ?> untyped =
        (BaseOperation<GenericKubernetesResource, GenericKubernetesResourceList, ?>)
            client.genericKubernetesResources(StorageVersion.context(type)).inNamespace(namespace);
    return new DefaultSharedIndexInformer<>(
        type, new Decoding<>(type, untyped), 0, untyped.getOperationContext().getExecutor());
  }

  /** Decodes {@code object}, or reports it and returns empty. */
  private <T extends HasMetadata> Optional<T> decode(Class<T> type, GenericKubernetesResource o) {
    try {
      return Optional.of(StorageVersion.fromStorage(client.getKubernetesSerialization(), o, type));
    } catch (ConversionException | RuntimeException e) {
      undecodable.labelValues(type.getSimpleName()).inc();
      String message =
          (e instanceof ConversionException ? "cannot convert this " : "cannot decode this ")
              + type.getSimpleName()
              + "; it is ignored until fixed: "
              + cause(e);
      if (logged.add(o.getMetadata().getUid() + "@" + o.getMetadata().getResourceVersion())) {
        LOGGER
            .atWarn()
            .addKeyValue("kind", type.getSimpleName())
            .addKeyValue("name", o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
            .log(message);
      }
      events.ifPresent(r -> r.warning(o, UNDECODABLE_REASON, message));
      return Optional.empty();
    }
  }

  /** The field and what is wrong with it, e.g. {@code spec.max: Cannot deserialize ...}. */
  private static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException j) {
        String path =
            j.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "" + r.getIndex())
                .collect(Collectors.joining("."));
        return path + ": " + j.getOriginalMessage();
      }
    }
    return String.valueOf(e.getMessage());
  }

  /** An object standing for one that cannot be decoded: its metadata, enough to drop it by key. */
  private static <T extends HasMetadata> T placeholder(Class<T> type, GenericKubernetesResource o) {
    try {
      T stub = type.getDeclaredConstructor().newInstance();
      stub.setMetadata(o.getMetadata());
      return stub;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no default constructor on " + type, e);
    }
  }

  /** The list of decodable items, under the list's metadata (its resourceVersion, continue). */
  private record Decoded<T extends HasMetadata>(ListMeta getMetadata, List<T> getItems)
      implements KubernetesResourceList<T> {}

  /**
   * Lists and watches untyped objects through the client's own operation and hands the informer
   * typed ones. An undecodable item is left out of a list and an undecodable added or modified
   * object is skipped: the cache keeps the last version it could decode, so a bad edit changes
   * nothing downstream (no CPU retuned, no derived object removed) until it is fixed. Its deletion
   * (by key) always reaches the cache.
   */
  private final class Decoding<T extends HasMetadata> implements ListerWatcher<T, Decoded<T>> {
    private final Class<T> type;
    private final BaseOperation<GenericKubernetesResource, GenericKubernetesResourceList, ?>
        untyped;

    Decoding(
        Class<T> type,
        BaseOperation<GenericKubernetesResource, GenericKubernetesResourceList, ?> untyped) {
      this.type = type;
      this.untyped = untyped;
    }

    @Override
    public CompletableFuture<Decoded<T>> submitList(ListOptions options) {
      return untyped
          .submitList(options)
          .thenApply(
              list ->
                  new Decoded<>(
                      list.getMetadata(),
                      list.getItems().stream()
                          .map(o -> decode(type, o))
                          .flatMap(Optional::stream)
                          .toList()));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CompletableFuture<AbstractWatchManager<T>> submitWatch(
        ListOptions options, Watcher<T> watcher) {
      Watcher<GenericKubernetesResource> decoding =
          new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource o) {
              if (action == Action.ERROR || action == Action.BOOKMARK) {
                watcher.eventReceived(action, placeholder(type, o));
                return;
              }
              Optional<T> typed = decode(type, o);
              if (typed.isPresent()) {
                watcher.eventReceived(action, typed.get());
              } else if (action == Action.DELETED) {
                watcher.eventReceived(action, placeholder(type, o)); // the key is enough
              }
            }

            @Override
            public boolean reconnecting() {
              return watcher.reconnecting();
            }

            @Override
            public void onClose() {
              watcher.onClose();
            }

            @Override
            public void onClose(WatcherException cause) {
              watcher.onClose(cause);
            }
          };
      return (CompletableFuture) untyped.submitWatch(options, decoding);
    }

    @Override
    public Long getLimit() {
      return untyped.getLimit();
    }

    @Override
    public int getWatchReconnectInterval() {
      return untyped.getWatchReconnectInterval();
    }

    @Override
    public String getApiEndpointPath() {
      return untyped.getApiEndpointPath();
    }

    @Override
    public Config getConfig() {
      return untyped.getConfig();
    }
  }
}
