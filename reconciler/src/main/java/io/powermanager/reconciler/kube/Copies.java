package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Deep copies of cached objects, to edit without touching the informer's own instance. */
public final class Copies {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Copies() {}

  public static <T> T of(T object) {
    return SERIALIZATION.clone(object);
  }
}
