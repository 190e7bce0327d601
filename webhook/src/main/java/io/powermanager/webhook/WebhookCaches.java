package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The informers the webhook reads, never an API call per review: the four power kinds in the power
 * namespace, every Node (labels, for shared-workload selectors), and the pods labelled {@link
 * PowerLabels#PROFILE} cluster-wide (for the profile delete guard). Hand in informers shared with
 * other components, or let {@link #start} create them.
 */
public record WebhookCaches(
    SharedIndexInformer<PowerProfile> profiles,
    SharedIndexInformer<PowerConfig> configs,
    SharedIndexInformer<PowerWorkload> workloads,
    SharedIndexInformer<PowerNode> powerNodes,
    SharedIndexInformer<Node> nodes,
    SharedIndexInformer<Pod> powerPods) {

  /** How long {@link #stop()} waits for the informers to finish. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  public WebhookCaches {
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(configs, "configs");
    Objects.requireNonNull(workloads, "workloads");
    Objects.requireNonNull(powerNodes, "powerNodes");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(powerPods, "powerPods");
  }

  /**
   * Creates and starts the six informers (not waiting for them to sync; see {@link #hasSynced}).
   * The caller owns them: {@link #stop()} when done.
   */
  public static WebhookCaches start(KubernetesClient client, String powerNamespace) {
    WebhookCaches caches =
        new WebhookCaches(
            client.resources(PowerProfile.class).inNamespace(powerNamespace).runnableInformer(0),
            client.resources(PowerConfig.class).inNamespace(powerNamespace).runnableInformer(0),
            client.resources(PowerWorkload.class).inNamespace(powerNamespace).runnableInformer(0),
            client.resources(PowerNode.class).inNamespace(powerNamespace).runnableInformer(0),
            client.nodes().runnableInformer(0),
            client.pods().inAnyNamespace().withLabel(PowerLabels.PROFILE).runnableInformer(0));
    caches.all().forEach(SharedIndexInformer::start);
    return caches;
  }

  /** Whether every informer has listed its objects once. */
  public boolean hasSynced() {
    return all().stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /**
   * Stops all six informers and waits (up to {@link #STOP_TIMEOUT}) until they have; only for
   * caches created by {@link #start}.
   */
  public void stop() {
    all().forEach(SharedIndexInformer::stop);
    CompletableFuture<?>[] stopped =
        all().stream()
            .map(i -> i.stopped().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(stopped).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // stopping is best effort: the informers are told to stop either way
    }
  }

  private List<SharedIndexInformer<?>> all() {
    return List.of(profiles, configs, workloads, powerNodes, nodes, powerPods);
  }
}
