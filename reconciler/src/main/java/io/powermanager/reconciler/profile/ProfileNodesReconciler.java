package io.powermanager.reconciler.profile;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileStatus;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keyed by profile name. Keeps a PowerProfile's {@code status.nodes} equal to the nodes that offer
 * it: those whose {@code status.allocatable} carries {@code power.intel.com/<profile>}, which the
 * node-capacity controller keeps (node selectors, live agents, extended profiles). Its one writer.
 */
public final class ProfileNodesReconciler implements Reconciler {

  private final Caches caches;
  private final FabricWriter writer;

  /** Bumped by every Node event: the index below is rebuilt before its next use. */
  private final AtomicLong nodeEvents = new AtomicLong();

  /**
   * Power resource → the nodes that offer it, built from every Node once per batch of Node events,
   * so that a reconcile (and a full resync of thousands of profiles) does not scan every Node
   * again.
   */
  private Map<String, List<String>> offers = Map.of();

  private long offersBuiltAt = -1;

  public ProfileNodesReconciler(Caches caches, FabricWriter writer) {
    this.caches = caches;
    this.writer = writer;
  }

  @Override
  public Result reconcile(ResourceKey key) {
    Optional<PowerProfile> found = caches.profile(key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return Result.done();
    }
    PowerProfile profile = found.get();
    List<String> nodes = offeredOn(key.name());
    List<String> have =
        profile.getStatus() == null || profile.getStatus().getNodes() == null
            ? List.of()
            : profile.getStatus().getNodes();
    if (have.equals(nodes)) {
      return Result.done();
    }
    PowerProfile copy = Copies.of(profile);
    PowerProfileStatus status =
        copy.getStatus() == null ? new PowerProfileStatus() : copy.getStatus();
    status.setNodes(nodes);
    copy.setStatus(status);
    writer.updateStatus(copy);
    return Result.done();
  }

  /** The nodes advertising {@code power.intel.com/<profile>}, sorted. */
  private List<String> offeredOn(String profile) {
    return offers().getOrDefault(PowerApi.GROUP + "/" + profile, List.of());
  }

  private synchronized Map<String, List<String>> offers() {
    long events = nodeEvents.get();
    if (events != offersBuiltAt) {
      Map<String, TreeSet<String>> index = new HashMap<>();
      for (String name : caches.nodeNames()) {
        caches
            .node(name)
            .ifPresent(
                n ->
                    powerResources(n)
                        .forEach(r -> index.computeIfAbsent(r, k -> new TreeSet<>()).add(name)));
      }
      Map<String, List<String>> built = new HashMap<>();
      index.forEach((resource, nodes) -> built.put(resource, List.copyOf(nodes)));
      offers = built;
      offersBuiltAt = events;
    }
    return offers;
  }

  /** Every profile of the power namespace. */
  public Collection<ResourceKey> knownKeys() {
    return caches.profiles().stream()
        .map(p -> p.getMetadata().getName())
        .filter(Objects::nonNull)
        .map(ResourceKey::cluster)
        .toList();
  }

  /**
   * A Node's power resources changed: the profiles it offers (the handler maps the Node before and
   * after the change, so a withdrawn profile is reconciled too).
   */
  public Collection<ResourceKey> fromNode(Node node) {
    nodeEvents.incrementAndGet();
    String prefix = PowerApi.GROUP + "/";
    return powerResources(node).stream()
        .map(r -> ResourceKey.cluster(r.substring(prefix.length())))
        .toList();
  }

  public Collection<ResourceKey> fromProfile(PowerProfile p) {
    return List.of(ResourceKey.cluster(p.getMetadata().getName()));
  }

  /** Whether the power resources a Node advertises changed. */
  public static boolean offersChanged(Node before, Node after) {
    return !powerResources(before).equals(powerResources(after));
  }

  private static java.util.Set<String> powerResources(Node node) {
    Map<String, ?> a = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    TreeSet<String> out = new TreeSet<>();
    if (a != null) {
      a.keySet().stream().filter(k -> k.startsWith(PowerApi.GROUP + "/")).forEach(out::add);
    }
    return out;
  }
}
