package io.powermanager.reconciler;

import static io.powermanager.reconciler.Fixtures.NAMESPACE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.reconciler.config.AgentDaemonSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Reads of the cluster state ITs assert on. */
public record Cluster(KubernetesClient client) {

  public Optional<PowerProfile> profile(String name) {
    return Optional.ofNullable(
        client.resources(PowerProfile.class).inNamespace(NAMESPACE).withName(name).get());
  }

  /** Names of every PowerProfile, sorted. */
  public TreeSet<String> profileNames() {
    TreeSet<String> names = new TreeSet<>();
    client
        .resources(PowerProfile.class)
        .inNamespace(NAMESPACE)
        .list()
        .getItems()
        .forEach(p -> names.add(p.getMetadata().getName()));
    return names;
  }

  public Optional<PowerConfig> config(String name) {
    return Optional.ofNullable(
        client.resources(PowerConfig.class).inNamespace(NAMESPACE).withName(name).get());
  }

  public Optional<PowerNode> powerNode(String name) {
    return Optional.ofNullable(
        client.resources(PowerNode.class).inNamespace(NAMESPACE).withName(name).get());
  }

  public Optional<DaemonSet> daemonSet() {
    return Optional.ofNullable(
        client.apps().daemonSets().inNamespace(NAMESPACE).withName(AgentDaemonSet.NAME).get());
  }

  /** The node's power resources: {@code capacity} and {@code allocatable}. */
  public Map<String, Map<String, String>> powerResources(String node) {
    return Fixtures.powerResources(client, node);
  }

  /** The same power resources in both maps. */
  public static Map<String, Map<String, String>> advertised(Map<String, String> resources) {
    return Map.of("capacity", resources, "allocatable", resources);
  }

  public List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  public static Condition condition(PowerConfig config, String type) {
    if (config.getStatus() == null) {
      throw new AssertionError("PowerConfig " + config.getMetadata().getName() + " has no status");
    }
    return config.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
