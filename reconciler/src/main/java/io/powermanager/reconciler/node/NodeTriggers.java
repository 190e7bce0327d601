package io.powermanager.reconciler.node;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.runtime.ResourceKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which node keys of the capacity controller an object concerns. */
public final class NodeTriggers {

  private final Caches caches;

  public NodeTriggers(Caches caches) {
    this.caches = caches;
  }

  /** Every cached Node, and the node of every PowerNode (to collect those whose Node is gone). */
  public Collection<ResourceKey> knownKeys() {
    Set<ResourceKey> keys = new TreeSet<>(allNodes());
    for (PowerNode pn : caches.powerNodes()) {
      keys.add(ResourceKey.cluster(NodeConversion.nodeName(pn)));
    }
    return keys;
  }

  /** Every Node event: capacity is re-asserted whenever someone else rewrites the node status. */
  public Collection<ResourceKey> fromNode(Node node) {
    return List.of(ResourceKey.cluster(node.getMetadata().getName()));
  }

  public Collection<ResourceKey> fromPowerNode(PowerNode pn) {
    return List.of(ResourceKey.cluster(NodeConversion.nodeName(pn)));
  }

  /** A per-node profile concerns its node; any other profile every node. */
  public Collection<ResourceKey> fromProfile(PowerProfile p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    if (labels != null && labels.get(PowerLabels.NODE) != null) {
      return List.of(ResourceKey.cluster(labels.get(PowerLabels.NODE)));
    }
    return allNodes();
  }

  public Collection<ResourceKey> fromConfig(PowerConfig config) {
    return allNodes();
  }

  private List<ResourceKey> allNodes() {
    return caches.nodeNames().stream().map(ResourceKey::cluster).toList();
  }
}
