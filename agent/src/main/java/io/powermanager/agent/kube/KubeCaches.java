package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API objects one agent watches: the pods of THIS node (server-side field selector {@code
 * spec.nodeName=<node>}), PowerProfiles and PowerWorkloads of the power namespace, and this Node
 * (for its labels). Every add, update or delete calls {@code onChange}, which only schedules a
 * recompute (the loop never looks at what changed). Also remembers when each pod UID was first
 * seen, for the time-to-tune metric. Thread-safe.
 */
public final class KubeCaches implements AutoCloseable {

  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<PowerProfile> profiles;
  private final SharedIndexInformer<PowerWorkload> workloads;
  private final SharedIndexInformer<Node> node;
  private final Map<String, Long> firstSeenMillis;

  private KubeCaches(
      SharedIndexInformer<Pod> pods,
      SharedIndexInformer<PowerProfile> profiles,
      SharedIndexInformer<PowerWorkload> workloads,
      SharedIndexInformer<Node> node,
      Map<String, Long> firstSeenMillis) {
    this.firstSeenMillis = firstSeenMillis;
    this.pods = pods;
    this.profiles = profiles;
    this.workloads = workloads;
    this.node = node;
  }

  /**
   * Starts the four informers (each lists, then watches); {@link #synced()} tells when all have
   * listed.
   */
  public static KubeCaches start(
      KubernetesClient client, String nodeName, String namespace, Clock clock, Runnable onChange) {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    ResourceEventHandler<HasMetadata> trigger = handler(onChange, null, null);
    SharedIndexInformer<Pod> pods =
        client
            .pods()
            .inAnyNamespace()
            .withField("spec.nodeName", nodeName)
            .inform(handler(onChange, seen, clock), 0);
    SharedIndexInformer<PowerProfile> profiles =
        client.resources(PowerProfile.class).inNamespace(namespace).inform(cast(trigger), 0);
    SharedIndexInformer<PowerWorkload> workloads =
        client.resources(PowerWorkload.class).inNamespace(namespace).inform(cast(trigger), 0);
    SharedIndexInformer<Node> node = client.nodes().withName(nodeName).inform(cast(trigger), 0);
    return new KubeCaches(pods, profiles, workloads, node, seen);
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
    return pods.hasSynced() && profiles.hasSynced() && workloads.hasSynced() && node.hasSynced();
  }

  public List<Pod> pods() {
    return pods.getStore().list();
  }

  public List<PowerProfile> profiles() {
    return profiles.getStore().list();
  }

  public List<PowerWorkload> workloads() {
    return workloads.getStore().list();
  }

  public Optional<Node> node() {
    return node.getStore().list().stream().findFirst();
  }

  public Map<String, String> nodeLabels() {
    return node().map(n -> n.getMetadata().getLabels()).orElse(Map.of());
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
    pods.close();
    profiles.close();
    workloads.close();
    node.close();
  }
}
