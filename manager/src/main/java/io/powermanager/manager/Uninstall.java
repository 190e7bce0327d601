package io.powermanager.manager;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.reconciler.config.AgentDaemonSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code helm uninstall}'s pre-delete hook runs ({@code power-manager uninstall}), while the
 * manager still runs: delete the PowerConfig (the reconciler, and this class as a backstop, delete
 * the agent DaemonSet; every agent restores its CPUs from the snapshot on SIGTERM), wait until no
 * agent pod is left, then withdraw every {@code power.intel.com/} extended resource from the nodes
 * and delete the PowerNodes — so no CPU stays tuned and no pod is scheduled for a profile nobody
 * will apply. Idempotent: running it twice does nothing the second time.
 */
public final class Uninstall {

  private static final Logger LOGGER = LoggerFactory.getLogger(Uninstall.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public Uninstall(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /**
   * What was done; {@code complete} is false when agent pods were still running at the deadline.
   */
  public record Outcome(
      List<String> deletedConfigs,
      int agentPodsAtDeadline,
      List<String> nodesCleaned,
      int powerNodesDeleted,
      boolean complete) {}

  public Outcome run(Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    List<String> configs = new ArrayList<>();
    // at the storage version: uninstalling works while no conversion webhook answers
    var powerConfigs = StorageVersion.resources(client, PowerConfig.class, namespace);
    for (GenericKubernetesResource c : powerConfigs.list().getItems()) {
      powerConfigs.withName(c.getMetadata().getName()).delete();
      configs.add(c.getMetadata().getName());
    }
    client.apps().daemonSets().inNamespace(namespace).withName(AgentDaemonSet.NAME).delete();
    int left = waitFor(() -> agentPods(), deadline);
    List<String> cleaned = new ArrayList<>();
    for (Node node : client.nodes().list().getItems()) {
      if (hasPowerResources(node)) {
        client
            .nodes()
            .withName(node.getMetadata().getName())
            .editStatus(Uninstall::withoutPowerResources);
        cleaned.add(node.getMetadata().getName());
      }
    }
    var powerNodeApi = StorageVersion.resources(client, PowerNode.class, namespace);
    List<GenericKubernetesResource> powerNodes = powerNodeApi.list().getItems();
    powerNodes.forEach(n -> powerNodeApi.withName(n.getMetadata().getName()).delete());
    Outcome outcome = new Outcome(configs, left, cleaned, powerNodes.size(), left == 0);
    LOGGER.atInfo().addKeyValue("outcome", outcome).log("uninstall finished");
    return outcome;
  }

  private int agentPods() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(PowerLabels.APP_NAME, PowerLabels.AGENT_APP_NAME)
        .list()
        .getItems()
        .size();
  }

  private int waitFor(Supplier<Integer> remaining, Instant deadline) throws InterruptedException {
    int left = remaining.get();
    while (left > 0 && clock.instant().isBefore(deadline)) {
      Thread.sleep(POLL.toMillis());
      left = remaining.get();
    }
    return left;
  }

  private static boolean hasPowerResources(Node node) {
    return node.getStatus() != null
        && (anyPower(node.getStatus().getCapacity())
            || anyPower(node.getStatus().getAllocatable()));
  }

  private static boolean anyPower(Map<String, Quantity> resources) {
    return resources != null && resources.keySet().stream().anyMatch(PowerNames::isPowerResource);
  }

  private static Node withoutPowerResources(Node node) {
    if (node.getStatus().getCapacity() != null) {
      node.getStatus().getCapacity().keySet().removeIf(PowerNames::isPowerResource);
    }
    if (node.getStatus().getAllocatable() != null) {
      node.getStatus().getAllocatable().keySet().removeIf(PowerNames::isPowerResource);
    }
    return node;
  }
}
