package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Read-your-writes over an informer cache. After a write, the cache shows the old object until the
 * watch event arrives; a reconcile that runs in between (woken by another event) would see the old
 * state and write the same change again. This remembers, per object, the version the write replaced
 * and what the API server answered, and shows the answer for as long as the cache still holds the
 * replaced version (or, after a create, nothing yet; after a delete, the old object). As soon as
 * the cache holds anything else, the cache wins again. Entries expire after {@code ttl} in case an
 * event never comes. Thread-safe.
 */
final class RecentWrites<T extends HasMetadata> {

  /** {@code replaced}: resourceVersion the write replaced, null when the object did not exist. */
  private record Entry<T>(String replaced, T answer, long expiresAt) {}

  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final long ttlNanos;

  RecentWrites(LongSupplier nanoTime, java.time.Duration ttl) {
    this.nanoTime = nanoTime;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * Remembers a write of the object under {@code key}.
   *
   * @param before the object as the writer read it, null for a create
   * @param after what the API server answered, null for a delete
   */
  void wrote(String key, T before, T after) {
    long now = nanoTime.getAsLong();
    entries.put(key, new Entry<>(version(before), after, now + ttlNanos));
    if (entries.size() > 1024) {
      entries.values().removeIf(e -> e.expiresAt() - now < 0);
    }
  }

  /**
   * The cache received an event for {@code key}: once it is the event of the remembered write (the
   * answer's resourceVersion), or any delete, the cache has caught up and the entry goes.
   */
  void observed(String key, T object, boolean deleted) {
    Entry<T> e = entries.get(key);
    if (e == null) {
      return;
    }
    if (deleted || e.answer() == null || Objects.equals(version(object), version(e.answer()))) {
      entries.remove(key, e);
    }
  }

  /** What a reader should see under {@code key}, given what the cache holds (may be null). */
  T view(String key, T cached) {
    Entry<T> e = entries.get(key);
    if (e == null) {
      return cached;
    }
    if (e.expiresAt() - nanoTime.getAsLong() >= 0
        && Objects.equals(version(cached), e.replaced())) {
      return e.answer();
    }
    entries.remove(key, e);
    return cached;
  }

  int size() {
    return entries.size();
  }

  private static String version(HasMetadata o) {
    return o == null || o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
  }
}
