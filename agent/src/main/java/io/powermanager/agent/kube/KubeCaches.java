package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
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
    ClusterInformers.onEvents(
        informers.pods(),
        p -> {
          if (p.getMetadata().getUid() != null) {
            seen.putIfAbsent(p.getMetadata().getUid(), clock.millis());
          }
          onChange.run();
        },
        p -> {
          if (p.getMetadata().getUid() != null) {
            seen.remove(p.getMetadata().getUid());
          }
          onChange.run();
        });
    ClusterInformers.onEvents(informers.profiles(), p -> onChange.run(), p -> onChange.run());
    ClusterInformers.onEvents(informers.workloads(), w -> onChange.run(), w -> onChange.run());
    ClusterInformers.onEvents(informers.nodes(), n -> onChange.run(), n -> onChange.run());
    ClusterInformers.onEvents(informers.uncores(), u -> onChange.run(), u -> onChange.run());
    ClusterInformers.onEvents(informers.cstates(), c -> onChange.run(), c -> onChange.run());
    ClusterInformers.onEvents(informers.schedules(), s -> onChange.run(), s -> onChange.run());
    ClusterInformers.onEvents(informers.timeOfDays(), t -> onChange.run(), t -> onChange.run());
    ClusterInformers.onEvents(informers.configs(), c -> onChange.run(), c -> onChange.run());
    ClusterInformers.onEvents(informers.nodeSettings(), n -> onChange.run(), n -> onChange.run());
    informers.start();
    return new KubeCaches(informers, seen);
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

  public List<CStates> cstates() {
    return informers.cstates().getStore().list();
  }

  public List<PowerWorkload> workloads() {
    return informers.workloads().getStore().list();
  }

  public List<io.powermanager.api.v1alpha1.Uncore> uncores() {
    return informers.uncores().getStore().list();
  }

  public List<io.powermanager.api.v1alpha1.PowerNodeSettings> nodeSettings() {
    return informers.nodeSettings().getStore().list();
  }

  public List<PowerSchedule> schedules() {
    return informers.schedules().getStore().list();
  }

  public List<TimeOfDay> timeOfDays() {
    return informers.timeOfDays().getStore().list();
  }

  /** The active PowerConfig's {@code customDevices} (device-plugin CPUs). */
  public List<String> customDevices() {
    return ConfigConversion.customDevices(informers.configs().getStore().list());
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
