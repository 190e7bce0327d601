package io.powermanager.reconciler.profile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.runtime.ResourceKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Which node keys of the extended-profile controller an object concerns. */
public final class ProfileTriggers {

  private final Caches caches;

  public ProfileTriggers(Caches caches) {
    this.caches = caches;
  }

  /** Nodes with a PowerNode, and nodes that still have extended profiles. */
  public Collection<ResourceKey> knownKeys() {
    Set<ResourceKey> keys = new TreeSet<>(powerNodeKeys());
    for (PowerProfile p : caches.profiles()) {
      Map<String, String> labels = p.getMetadata().getLabels();
      if (labels != null
          && labels.containsKey(PowerLabels.BASE_PROFILE)
          && labels.get(PowerLabels.NODE) != null) {
        keys.add(ResourceKey.cluster(labels.get(PowerLabels.NODE)));
      }
    }
    return keys;
  }

  public Collection<ResourceKey> fromPowerNode(PowerNode pn) {
    return List.of(ResourceKey.cluster(NodeConversion.nodeName(pn)));
  }

  /** Only the hardware and the node name decide extended profiles; heartbeats do not. */
  public static boolean hardwareChanged(PowerNode before, PowerNode after) {
    return !NodeConversion.commonRange(before).equals(NodeConversion.commonRange(after))
        || !NodeConversion.nodeName(before).equals(NodeConversion.nodeName(after));
  }

  public Collection<ResourceKey> fromNode(io.fabric8.kubernetes.api.model.Node node) {
    return List.of(ResourceKey.cluster(node.getMetadata().getName()));
  }

  /** An extended profile concerns its node; a base profile every power node. */
  public Collection<ResourceKey> fromProfile(PowerProfile p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    if (labels != null && labels.get(PowerLabels.NODE) != null) {
      return List.of(ResourceKey.cluster(labels.get(PowerLabels.NODE)));
    }
    if (BaseProfile.byName(p.getMetadata().getName()).isPresent()) {
      return powerNodeKeys();
    }
    return List.of();
  }

  public Collection<ResourceKey> fromConfig(PowerConfig config) {
    return powerNodeKeys();
  }

  /** Spec (generation), labels, owners or deletion changed: anything a reconcile reads. */
  public static boolean objectChanged(HasMetadata before, HasMetadata after) {
    var b = before.getMetadata();
    var a = after.getMetadata();
    return b.getGeneration() == null
        || !Objects.equals(b.getGeneration(), a.getGeneration())
        || !Objects.equals(b.getUid(), a.getUid())
        || !Objects.equals(b.getLabels(), a.getLabels())
        || !Objects.equals(b.getOwnerReferences(), a.getOwnerReferences())
        || !Objects.equals(b.getDeletionTimestamp(), a.getDeletionTimestamp());
  }

  private List<ResourceKey> powerNodeKeys() {
    return caches.powerNodes().stream()
        .map(pn -> ResourceKey.cluster(NodeConversion.nodeName(pn)))
        .distinct()
        .toList();
  }
}
