package io.powermanager.apiserver;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What kube-controller-manager's garbage collector does with background propagation, level
 * triggered: an object whose {@code metadata.ownerReferences} all name owners that no longer exist
 * (no object of that kind and name, or one with another uid) is deleted, and so on transitively.
 * That covers dependents of a deleted owner and objects created with an owner that never existed.
 *
 * <p>A sweep lists every kind (events and bindings aside), takes the objects whose owners' uids are
 * all absent from that listing, confirms each owner gone with a fresh read (the listing is not one
 * snapshot: an owner created during it would otherwise look gone), and deletes through the write
 * pipeline with a uid precondition, so admission and finalizers apply as they would to
 * kube-controller-manager's delete. Sweeps repeat until one deletes nothing. They run after every
 * stored deletion (asynchronously, coalesced), every {@link #PERIOD} for writes made around the
 * front, and synchronously through {@link #collect()}. An owner whose kind is not served cannot be
 * looked up and keeps its dependents, as it does in kube-controller-manager. Orphan and foreground
 * propagation are not implemented: every delete is background.
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** How often a sweep runs without a deletion asking for one. */
  static final Duration PERIOD = Duration.ofSeconds(10);

  /** Kinds never looked at: not listable, or never owned and numerous. */
  private static final Set<String> SKIPPED = Set.of("events", "bindings");

  /** Deletes one dependent, only if it still has this uid. */
  interface Deleter {
    void delete(ResourceType type, String namespace, String name, String uid);
  }

  private final MockStore store;
  private final Supplier<List<ResourceType>> types;
  private final Deleter deleter;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean requested = new AtomicBoolean();

  GarbageCollector(MockStore store, Supplier<List<ResourceType>> types, Deleter deleter) {
    this.store = store;
    this.types = types;
    this.deleter = deleter;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("apiserver-garbage-collector"));
  }

  /** Starts the periodic sweeps. */
  GarbageCollector start() {
    long period = PERIOD.toMillis();
    worker.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Asks for a sweep soon (after a deletion); requests made before it starts are merged. */
  void request() {
    if (requested.compareAndSet(false, true)) {
      try {
        worker.execute(
            () -> {
              requested.set(false);
              sweepQuietly();
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        requested.set(false); // closed
      }
    }
  }

  /** Sweeps until nothing is left to collect; returns how many objects were deleted. */
  synchronized int collect() {
    int total = 0;
    for (int deleted = pass(); deleted > 0; deleted = pass()) {
      total += deleted;
    }
    return total;
  }

  private void sweepQuietly() {
    try {
      collect();
    } catch (RuntimeException e) {
      if (!worker.isShutdown()) {
        LOG.atWarn().setCause(e).log("garbage collection sweep failed; the next one retries");
      }
    }
  }

  private int pass() {
    Map<String, ResourceType> byKind = new LinkedHashMap<>();
    Map<ResourceType, List<JsonNode>> listed = new LinkedHashMap<>();
    Set<String> uids = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (ResourceType served : types.get()) {
      byKind.putIfAbsent(served.apiVersion() + "/" + served.kind(), served);
      // in the storage version, as kube-apiserver's collector reads metadata only: a sweep never
      // calls a conversion webhook (which may be down, e.g. while the manager stops)
      ResourceType type = store.stored(served);
      if (SKIPPED.contains(type.plural()) || !seen.add(type.group() + "/" + type.plural())) {
        continue;
      }
      List<JsonNode> items = store.list(type, "").items();
      listed.put(type, items);
      items.forEach(i -> uids.add(Json.string(i, "metadata.uid")));
    }
    int deleted = 0;
    for (Map.Entry<ResourceType, List<JsonNode>> e : listed.entrySet()) {
      for (JsonNode object : e.getValue()) {
        JsonNode refs = object.path("metadata").path("ownerReferences");
        if (refs.isEmpty() || object.path("metadata").has("deletionTimestamp")) {
          continue;
        }
        boolean anyListed = false;
        for (JsonNode ref : refs) {
          anyListed |= uids.contains(ref.path("uid").asString(""));
        }
        if (!anyListed && ownersGone(e.getKey(), object, refs, byKind)) {
          deleted += delete(e.getKey(), object);
        }
      }
    }
    return deleted;
  }

  /** Whether every owner is confirmed gone by a fresh read. */
  private boolean ownersGone(
      ResourceType type, JsonNode dependent, JsonNode refs, Map<String, ResourceType> byKind) {
    for (JsonNode ref : refs) {
      String key = ref.path("apiVersion").asString("") + "/" + ref.path("kind").asString("");
      Optional<ResourceType> ownerType = Optional.ofNullable(byKind.get(key));
      if (ownerType.isEmpty() || (ownerType.get().namespaced() && !type.namespaced())) {
        return false; // cannot be resolved: kept
      }
      String namespace = ownerType.get().namespaced() ? Json.namespace(dependent) : "";
      JsonNode owner =
          store.find(store.stored(ownerType.get()), namespace, ref.path("name").asString(""));
      if (owner != null
          && Json.string(owner, "metadata.uid").equals(ref.path("uid").asString(""))) {
        return false;
      }
    }
    return true;
  }

  private int delete(ResourceType type, JsonNode object) {
    String name = Json.name(object);
    try {
      deleter.delete(type, Json.namespace(object), name, Json.string(object, "metadata.uid"));
      LOG.atDebug()
          .addKeyValue("kind", type.kind())
          .addKeyValue("namespace", Json.namespace(object))
          .addKeyValue("name", name)
          .log("garbage collected: every owner is gone");
      return 1;
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        LOG.atDebug()
            .addKeyValue("kind", type.kind())
            .addKeyValue("name", name)
            .addKeyValue("code", e.code())
            .log("garbage collection of a dependent refused; retried on the next sweep");
      }
      return 0;
    }
  }

  /** Stops the sweeps, waiting a moment for one in progress. */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
