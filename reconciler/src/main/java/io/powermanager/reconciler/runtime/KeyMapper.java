package io.powermanager.reconciler.runtime;

import java.util.Collection;

/** Maps an object seen by an informer to the keys of the controller that must look at it. */
@FunctionalInterface
public interface KeyMapper<T> {

  Collection<ResourceKey> keys(T object);
}
