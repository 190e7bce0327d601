package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.domain.node.Heartbeat;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.runtime.ResourceKey;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which PowerConfig keys an object concerns. Secondary objects map to every cached PowerConfig
 * (one, or briefly two); what a deleted PowerConfig leaves behind is the garbage collector's.
 */
public final class ConfigTriggers {

  private final Caches caches;
  private final Clock clock;

  public ConfigTriggers(Caches caches, Clock clock) {
    this.caches = caches;
    this.clock = clock;
  }

  /** Every key the controller looks at on start and resync. */
  public Collection<ResourceKey> knownKeys() {
    return new TreeSet<>(configKeys());
  }

  public Collection<ResourceKey> fromConfig(PowerConfig config) {
    Set<ResourceKey> keys = new TreeSet<>(configKeys());
    keys.add(key(config));
    return keys;
  }

  public static boolean configChanged(PowerConfig before, PowerConfig after) {
    return !ConfigConversion.view(before).equals(ConfigConversion.view(after))
        || !Objects.equals(
            before.getMetadata().getDeletionTimestamp(),
            after.getMetadata().getDeletionTimestamp());
  }

  public Collection<ResourceKey> fromDaemonSet(DaemonSet ds) {
    return configKeys();
  }

  /** Base profiles (by name or by a PowerConfig owner) concern the config; others do not. */
  public Collection<ResourceKey> fromProfile(PowerProfile p) {
    if (BaseProfile.byName(p.getMetadata().getName()).isEmpty()
        && Caches.owningConfig(p).isEmpty()) {
      return List.of();
    }
    return configKeys();
  }

  /** A pod matters only while it may hold back the removal of an unlisted base profile. */
  public Collection<ResourceKey> fromPod(Pod pod) {
    return holdsBack(ProfileUsers.requested(pod)) ? configKeys() : List.of();
  }

  public Collection<ResourceKey> fromWorkload(PowerWorkload w) {
    Set<String> profiles = new HashSet<>();
    if (w.getSpec() != null) {
      profiles.add(w.getSpec().getPowerProfile());
      if (w.getSpec().getNodeInfo() != null && w.getSpec().getNodeInfo().getContainers() != null) {
        w.getSpec().getNodeInfo().getContainers().stream()
            .map(WorkloadContainer::getPowerProfile)
            .forEach(profiles::add);
      }
    }
    profiles.remove(null);
    return holdsBack(profiles) ? configKeys() : List.of();
  }

  public Collection<ResourceKey> fromPowerNode(PowerNode pn) {
    return configKeys();
  }

  /** A heartbeat that keeps a fresh node fresh changes nothing the status shows. */
  public boolean powerNodeChanged(PowerNode before, PowerNode after) {
    var now = clock.instant();
    return Heartbeat.isFresh(NodeConversion.heartbeat(before), now)
            != Heartbeat.isFresh(NodeConversion.heartbeat(after), now)
        || !NodeConversion.nodeName(before).equals(NodeConversion.nodeName(after));
  }

  public Collection<ResourceKey> fromNode(Node node) {
    return configKeys();
  }

  public static boolean labelsChanged(Node before, Node after) {
    return !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
  }

  private boolean holdsBack(Collection<String> profiles) {
    Optional<PowerConfig> active = ConfigSingleton.active(caches.configs());
    if (active.isEmpty() || profiles.isEmpty()) {
      return false;
    }
    List<BaseProfile> listed = BaseProfiles.listed(active.get());
    for (String name : profiles) {
      String base =
          BaseProfile.byName(name).isPresent()
              ? name
              : caches
                  .profile(name)
                  .map(p -> p.getMetadata().getLabels())
                  .map(l -> l.get(PowerLabels.BASE_PROFILE))
                  .orElse(null);
      if (base == null || listed.stream().anyMatch(b -> b.profileName().equals(base))) {
        continue;
      }
      if (caches.profile(base).filter(BaseProfiles::isManaged).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private List<ResourceKey> configKeys() {
    return caches.configs().stream().map(ConfigTriggers::key).toList();
  }

  static ResourceKey key(PowerConfig c) {
    return new ResourceKey(
        Objects.requireNonNullElse(c.getMetadata().getNamespace(), ""), c.getMetadata().getName());
  }
}
