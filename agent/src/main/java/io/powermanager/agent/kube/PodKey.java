package io.powermanager.agent.kube;

import java.util.Objects;

/** A pod by identity: namespace, name and UID (a pod recreated under the same name is another). */
public record PodKey(String namespace, String name, String uid) {

  public PodKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  /** {@code namespace/name}, the key the kubelet's PodResources API knows. */
  public String nsName() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return nsName() + " (" + uid + ")";
  }
}
