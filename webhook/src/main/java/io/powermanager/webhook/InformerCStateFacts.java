package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.domain.cstates.NodeIdleFacts;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link CStateFacts} from the manager's informers (power namespace only). */
public final class InformerCStateFacts implements CStateFacts {

  private final ClusterInformers caches;
  private final String powerNamespace;

  public InformerCStateFacts(ClusterInformers caches, String powerNamespace) {
    this.caches = Objects.requireNonNull(caches, "caches");
    this.powerNamespace = Objects.requireNonNull(powerNamespace, "powerNamespace");
    // informers are created on first use: ask for every kind read here before the set starts
    caches.cstates();
    caches.powerNodes();
    caches.nodes();
    caches.profiles();
  }

  @Override
  public Optional<Map<String, NodeIdleFacts>> powerNodes() {
    Map<String, NodeIdleFacts> out = new TreeMap<>();
    for (PowerNode n : caches.powerNodes().getStore().list()) {
      if (powerNamespace.equals(n.getMetadata().getNamespace())) {
        NodeIdleFacts facts = CStatesConversion.idleFacts(n);
        out.put(facts.node(), facts);
      }
    }
    return Optional.of(out);
  }

  @Override
  public Map<String, String> nodeLabels(String node) {
    for (Node n : caches.nodes().getStore().list()) {
      if (node.equals(n.getMetadata().getName())) {
        return n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
      }
    }
    return Map.of();
  }

  @Override
  public Optional<Set<String>> profiles() {
    Set<String> names = new TreeSet<>();
    caches.profiles().getStore().list().stream()
        .filter(p -> powerNamespace.equals(p.getMetadata().getNamespace()))
        .forEach(p -> names.add(p.getMetadata().getName()));
    return Optional.of(names);
  }

  @Override
  public List<CStates> cstates() {
    return caches.cstates().getStore().list().stream()
        .filter(c -> powerNamespace.equals(c.getMetadata().getNamespace()))
        .toList();
  }
}
