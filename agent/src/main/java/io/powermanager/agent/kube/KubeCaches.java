package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's view of its node's {@link ClusterInformers}: the pods bound to THIS node,
 * PowerProfiles and PowerWorkloads of the power namespace, and this Node (for its labels). Every
 * add, update or delete calls {@code onChange}, which only schedules a recompute (the loop never
 * looks at what changed). Also remembers when each pod UID was first seen, for the time-to-tune
 * metric. Owns the set: {@link #close()} stops it. Thread-safe.
 */
public final class KubeCaches implements AutoCloseable {

  private final ClusterInformers informers;
  private final Map<String, Long> firstSeenMillis;

  private KubeCaches(ClusterInformers informers, Map<String, Long> firstSeenMillis) {
    this.informers = informers;
    this.firstSeenMillis = firstSeenMillis;
  }

  /**
   * Attaches the handlers and starts the four informers of {@code informers} (each lists, then
   * watches); {@link #synced()} tells when all have listed.
   */
  public static KubeCaches start(ClusterInformers informers, Clock clock, Runnable onChange) {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    ResourceEventHandler<HasMetadata> trigger = handler(onChange, null, null);
    informers.pods().addEventHandler(handler(onChange, seen, clock));
    informers.profiles().addEventHandler(cast(trigger));
    informers.workloads().addEventHandler(cast(trigger));
    informers.nodes().addEventHandler(cast(trigger));
    informers.start();
    return new KubeCaches(informers, seen);
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> ResourceEventHandler<T> cast(
      ResourceEventHandler<HasMetadata> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      Runnable onChange, Map<String, Long> seen, Clock clock) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        if (seen != null && obj.getMetadata().getUid() != null) {
          seen.putIfAbsent(obj.getMetadata().getUid(), clock.millis());
        }
        onChange.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.run();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        if (seen != null && obj.getMetadata().getUid() != null) {
          seen.remove(obj.getMetadata().getUid());
        }
        onChange.run();
      }
    };
  }

  public boolean synced() {
    return informers.hasSynced();
  }

  /** Every informer running and synced: false for good once one has stopped. */
  public boolean healthy() {
    return informers.healthy();
  }

  public List<Pod> pods() {
    return informers.pods().getStore().list();
  }

  public List<PowerProfile> profiles() {
    return informers.profiles().getStore().list();
  }

  public List<PowerWorkload> workloads() {
    return informers.workloads().getStore().list();
  }

  public Map<String, String> nodeLabels() {
    return informers.nodes().getStore().list().stream()
        .findFirst()
        .map(n -> n.getMetadata().getLabels())
        .orElse(Map.of());
  }

  /** When the agent first saw the pod with this UID (epoch millis), if it did. */
  public Optional<Long> firstSeen(String uid) {
    return Optional.ofNullable(firstSeenMillis.get(uid));
  }

  /** Forgets a UID once its time to tune was recorded. */
  public void forgetSeen(String uid) {
    firstSeenMillis.remove(uid);
  }

  @Override
  public void close() {
    informers.close();
  }
}
