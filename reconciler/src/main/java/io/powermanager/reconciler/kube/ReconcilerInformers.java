package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import java.util.List;
import java.util.Objects;

/**
 * The informers the reconcilers read. The composition root may share them with the webhook and the
 * extender (one informer per kind per process); {@link #create} makes a set that is not started.
 *
 * @param configs PowerConfigs of the power namespace
 * @param profiles PowerProfiles of the power namespace
 * @param powerNodes PowerNodes of the power namespace
 * @param workloads PowerWorkloads of the power namespace
 * @param nodes every Node
 * @param pods pods of every namespace that carry the label {@code power.intel.com/profile}
 * @param daemonSets the agent DaemonSet {@code power-node-agent} of the power namespace
 */
public record ReconcilerInformers(
    SharedIndexInformer<PowerConfig> configs,
    SharedIndexInformer<PowerProfile> profiles,
    SharedIndexInformer<PowerNode> powerNodes,
    SharedIndexInformer<PowerWorkload> workloads,
    SharedIndexInformer<Node> nodes,
    SharedIndexInformer<Pod> pods,
    SharedIndexInformer<DaemonSet> daemonSets) {

  /** The name of the agent DaemonSet, the one DaemonSet watched. */
  public static final String AGENT_DAEMONSET = "power-node-agent";

  /** The Node fields the reconcilers read; everything else (images, conditions) is dropped. */
  public static final List<String> NODE_FIELDS =
      List.of("metadata.uid", "metadata.labels", "status.capacity", "status.allocatable");

  public ReconcilerInformers {
    Objects.requireNonNull(configs, "configs");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(powerNodes, "powerNodes");
    Objects.requireNonNull(workloads, "workloads");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(pods, "pods");
    Objects.requireNonNull(daemonSets, "daemonSets");
  }

  /**
   * Informers for everything the reconcilers read, created but not started. The Node informer keeps
   * only {@link #NODE_FIELDS} (a real Node carries its image list: tens of KiB each), so do not
   * share it with a component that needs more of the Node.
   */
  public static ReconcilerInformers create(KubernetesClient client, String powerNamespace) {
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    nodes.itemStore(
        new ReducedStateItemStore<>(
            ReducedStateItemStore.NAME_KEY_STATE,
            Node.class,
            client.getKubernetesSerialization(),
            NODE_FIELDS.toArray(String[]::new)));
    return new ReconcilerInformers(
        client.resources(PowerConfig.class).inNamespace(powerNamespace).runnableInformer(0),
        client.resources(PowerProfile.class).inNamespace(powerNamespace).runnableInformer(0),
        client.resources(PowerNode.class).inNamespace(powerNamespace).runnableInformer(0),
        client.resources(PowerWorkload.class).inNamespace(powerNamespace).runnableInformer(0),
        nodes,
        client.pods().inAnyNamespace().withLabel(PowerLabels.PROFILE).runnableInformer(0),
        client
            .apps()
            .daemonSets()
            .inNamespace(powerNamespace)
            .withName(AGENT_DAEMONSET)
            .runnableInformer(0));
  }

  /** In start order: the kinds controllers key on last, so their secondaries are cached first. */
  public List<SharedIndexInformer<?>> all() {
    return List.of(pods, workloads, daemonSets, profiles, powerNodes, nodes, configs);
  }
}
