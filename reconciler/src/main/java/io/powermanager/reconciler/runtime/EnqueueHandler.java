package io.powermanager.reconciler.runtime;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * An informer event handler that only maps objects to keys and enqueues them. On update it maps
 * both the old and the new object (a label change may move an object from one key to another),
 * unless {@code relevant} says the update changes nothing the controller reads. Deletes are mapped
 * from the last known state.
 */
public final class EnqueueHandler<T> implements ResourceEventHandler<T> {

  private final KeyMapper<? super T> mapper;
  private final BiPredicate<? super T, ? super T> relevant;
  private final Consumer<ResourceKey> sink;

  public EnqueueHandler(
      KeyMapper<? super T> mapper,
      BiPredicate<? super T, ? super T> relevant,
      Consumer<ResourceKey> sink) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.relevant = Objects.requireNonNull(relevant, "relevant");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Enqueues on every add, update and delete. */
  public static <T> EnqueueHandler<T> always(
      KeyMapper<? super T> mapper, Consumer<ResourceKey> sink) {
    return new EnqueueHandler<>(mapper, (a, b) -> true, sink);
  }

  @Override
  public void onAdd(T obj) {
    mapper.keys(obj).forEach(sink);
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    if (oldObj != null && !relevant.test(oldObj, newObj)) {
      return;
    }
    if (oldObj != null) {
      mapper.keys(oldObj).forEach(sink);
    }
    mapper.keys(newObj).forEach(sink);
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    if (obj != null) {
      mapper.keys(obj).forEach(sink);
    }
  }
}
