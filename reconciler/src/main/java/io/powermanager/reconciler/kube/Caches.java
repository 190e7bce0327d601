package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.reconciler.runtime.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only lookups over the informer caches. Objects returned are the caches' own: never modify
 * them (clone first). Thread-safe.
 */
public final class Caches implements FabricWriter.WriteListener {

  /** Index of PowerProfiles by the node they belong to ({@code power.intel.com/node}), or "*". */
  static final String PROFILES_BY_SCOPE = "power-manager.reconciler/scope";

  /** Index of PowerProfiles by their base profile ({@code power.intel.com/base-profile}). */
  static final String PROFILES_BY_BASE = "power-manager.reconciler/base";

  /** Index of PowerNodes by the name of the node they describe. */
  static final String POWER_NODES_BY_NODE = "power-manager.reconciler/node";

  /** Scope of a profile that does not belong to one node. */
  public static final String EVERY_NODE = "*";

  private static final java.time.Duration REMEMBER_WRITES = java.time.Duration.ofSeconds(30);

  private final ClusterInformers informers;
  private final String namespace;
  private final RecentWrites<Node> nodeWrites =
      new RecentWrites<>(System::nanoTime, REMEMBER_WRITES);
  private final RecentWrites<PowerProfile> profileWrites =
      new RecentWrites<>(System::nanoTime, REMEMBER_WRITES);
  private final RecentWrites<PowerConfig> configWrites =
      new RecentWrites<>(System::nanoTime, REMEMBER_WRITES);
  private final RecentWrites<DaemonSet> daemonSetWrites =
      new RecentWrites<>(System::nanoTime, REMEMBER_WRITES);

  public Caches(ClusterInformers informers, String powerNamespace) {
    this.informers = Objects.requireNonNull(informers, "informers");
    this.namespace = Objects.requireNonNull(powerNamespace, "powerNamespace");
  }

  /**
   * Remembers a write so that lookups show it until the cache catches up (read-your-writes; see
   * {@link RecentWrites}).
   */
  @Override
  public void wrote(HasMetadata before, HasMetadata after) {
    HasMetadata any = after != null ? after : before;
    String key = storeKey(any);
    if (any instanceof Node) {
      nodeWrites.wrote(key, (Node) before, (Node) after);
    } else if (any instanceof PowerProfile) {
      profileWrites.wrote(key, (PowerProfile) before, (PowerProfile) after);
    } else if (any instanceof PowerConfig) {
      configWrites.wrote(key, (PowerConfig) before, (PowerConfig) after);
    } else if (any instanceof DaemonSet) {
      daemonSetWrites.wrote(key, (DaemonSet) before, (DaemonSet) after);
    }
  }

  /**
   * Handlers that tell the read-your-writes memory what the caches received; register them on the
   * informers (done by {@code Reconcilers}).
   */
  public List<Runnable> watchCaches() {
    List<Runnable> removals = new java.util.ArrayList<>();
    removals.add(watch(informers.nodes(), nodeWrites));
    removals.add(watch(informers.profiles(), profileWrites));
    removals.add(watch(informers.configs(), configWrites));
    removals.add(watch(informers.daemonSets(), daemonSetWrites));
    return removals;
  }

  private static <T extends HasMetadata> Runnable watch(
      SharedIndexInformer<T> informer, RecentWrites<T> writes) {
    return ClusterInformers.onEvents(
        informer,
        o -> writes.observed(storeKey(o), o, false),
        o -> writes.observed(storeKey(o), o, true));
  }

  private static String storeKey(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null || ns.isEmpty()
        ? o.getMetadata().getName()
        : ns + "/" + o.getMetadata().getName();
  }

  /** Adds the indexes the lookups use; idempotent, safe on running informers. */
  public void addIndexers() {
    addIndexer(
        informers.profiles(),
        PROFILES_BY_SCOPE,
        p -> List.of(Objects.requireNonNullElse(label(p, PowerLabels.NODE), EVERY_NODE)));
    addIndexer(
        informers.profiles(),
        PROFILES_BY_BASE,
        p ->
            label(p, PowerLabels.BASE_PROFILE) == null
                ? List.of()
                : List.of(label(p, PowerLabels.BASE_PROFILE)));
    addIndexer(
        informers.powerNodes(), POWER_NODES_BY_NODE, n -> List.of(NodeConversion.nodeName(n)));
  }

  public String powerNamespace() {
    return namespace;
  }

  public List<PowerConfig> configs() {
    return informers.configs().getStore().list().stream()
        .map(c -> configWrites.view(storeKey(c), c))
        .filter(Objects::nonNull)
        .toList();
  }

  public Optional<PowerConfig> config(ResourceKey key) {
    return Optional.ofNullable(
        configWrites.view(key.storeKey(), informers.configs().getStore().getByKey(key.storeKey())));
  }

  public Optional<Node> node(String name) {
    return Optional.ofNullable(nodeWrites.view(name, informers.nodes().getStore().getByKey(name)));
  }

  /** Names of every cached Node (without reading the Nodes themselves). */
  public List<String> nodeNames() {
    return informers.nodes().getStore().listKeys();
  }

  public List<PowerNode> powerNodes() {
    return informers.powerNodes().getStore().list();
  }

  /** The PowerNode describing {@code nodeName}, if its agent created one. */
  public Optional<PowerNode> powerNodeOf(String nodeName) {
    List<PowerNode> found =
        informers.powerNodes().getIndexer().byIndex(POWER_NODES_BY_NODE, nodeName);
    return found.stream().min(java.util.Comparator.comparing(n -> n.getMetadata().getName()));
  }

  public List<PowerProfile> profiles() {
    return informers.profiles().getStore().list().stream()
        .map(p -> profileWrites.view(storeKey(p), p))
        .filter(Objects::nonNull)
        .toList();
  }

  public Optional<PowerProfile> profile(String name) {
    String key = namespace + "/" + name;
    return Optional.ofNullable(
        profileWrites.view(key, informers.profiles().getStore().getByKey(key)));
  }

  /**
   * Profiles labelled for {@code node} ({@code power.intel.com/node}), or for {@link #EVERY_NODE}
   * the profiles without that label.
   */
  public List<PowerProfile> profilesScoped(String node) {
    return informers.profiles().getIndexer().byIndex(PROFILES_BY_SCOPE, node).stream()
        .map(p -> profileWrites.view(storeKey(p), p))
        .filter(Objects::nonNull)
        .toList();
  }

  /** Extended profiles derived from {@code base} ({@code power.intel.com/base-profile}). */
  public List<PowerProfile> extendedOf(String base) {
    return informers.profiles().getIndexer().byIndex(PROFILES_BY_BASE, base);
  }

  public Optional<DaemonSet> agentDaemonSet() {
    String key = namespace + "/" + ClusterInformers.AGENT_DAEMONSET;
    return Optional.ofNullable(
        daemonSetWrites.view(key, informers.daemonSets().getStore().getByKey(key)));
  }

  /** Pods that carry {@code power.intel.com/profile}. */
  public List<Pod> powerPods() {
    return informers.pods().getStore().list();
  }

  public List<PowerWorkload> workloads() {
    return informers.workloads().getStore().list();
  }

  /** Whether a node's labels hold every entry of {@code selector} (empty selects every node). */
  public static boolean selects(Map<String, String> selector, Node node) {
    if (selector == null || selector.isEmpty()) {
      return true;
    }
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  /** The PowerConfig that owns {@code object} through an ownerReference, by name. */
  public static Optional<String> owningConfig(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    if (refs == null) {
      return Optional.empty();
    }
    return refs.stream()
        .filter(r -> "PowerConfig".equals(r.getKind()))
        .filter(
            r -> r.getApiVersion() != null && r.getApiVersion().startsWith(PowerApi.GROUP + "/"))
        .map(OwnerReference::getName)
        .findFirst();
  }

  static String label(HasMetadata object, String key) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static <T> void addIndexer(
      SharedIndexInformer<T> informer,
      String name,
      java.util.function.Function<T, List<String>> function) {
    synchronized (informer) {
      if (!informer.getIndexer().getIndexers().containsKey(name)) {
        informer.addIndexers(Map.of(name, function));
      }
    }
  }
}
