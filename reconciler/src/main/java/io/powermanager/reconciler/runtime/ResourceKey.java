package io.powermanager.reconciler.runtime;

import java.util.Objects;

/**
 * What a controller is asked to reconcile: a namespace and a name, never an event. Cluster-scoped
 * objects have the namespace {@code ""}.
 */
public record ResourceKey(String namespace, String name) implements Comparable<ResourceKey> {

  public ResourceKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** A key of a cluster-scoped object (a Node). */
  public static ResourceKey cluster(String name) {
    return new ResourceKey("", name);
  }

  /** The key of another object in the same namespace. */
  public ResourceKey sibling(String otherName) {
    return new ResourceKey(namespace, otherName);
  }

  /** The informer store key: {@code namespace/name}, or {@code name} when cluster-scoped. */
  public String storeKey() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  @Override
  public int compareTo(ResourceKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return storeKey();
  }
}
