package io.powermanager.reconciler.runtime;

/**
 * Brings one key's part of the cluster to its desired state. It reads caches, calls pure code,
 * writes only what differs, and answers when to look again. It never knows which event woke it.
 *
 * <p>Throwing means a transient failure: the key is retried with exponential backoff. Invalid user
 * input is a status condition, not an exception; "not ready yet" is {@link Result#requeueAfter}.
 * Implementations are called for one key by at most one thread at a time, but for different keys
 * concurrently, so they must be thread-safe across keys.
 */
@FunctionalInterface
public interface Reconciler {

  Result reconcile(ResourceKey key);
}
