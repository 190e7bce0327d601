package io.powermanager.extender.capacity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.extender.LogKeys;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link CapacityView} from three informers: Nodes (cluster-wide), PowerNodes (the power
 * namespace) and pods that carry the {@link PowerLabels#PROFILE} label (cluster-wide). The
 * informers are handed in so the manager can share one per kind between components; {@link #start}
 * creates and runs its own for the standalone extender. {@link #close()} stops only the informers
 * this object created and otherwise just detaches its handlers.
 */
public final class CapacityInformers implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(CapacityInformers.class);

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<PowerNode> powerNodes;
  private final SharedIndexInformer<Pod> pods;
  private final List<Registration<?>> registrations;
  private final boolean owned;

  private record Registration<T>(SharedIndexInformer<T> informer, ResourceEventHandler<T> handler) {
    void detach() {
      informer.removeEventHandler(handler);
    }
  }

  private CapacityInformers(
      CapacityView view,
      SharedIndexInformer<Node> nodes,
      SharedIndexInformer<PowerNode> powerNodes,
      SharedIndexInformer<Pod> pods,
      boolean owned) {
    this.nodes = nodes;
    this.powerNodes = powerNodes;
    this.pods = pods;
    this.owned = owned;
    this.registrations =
        List.of(
            register(nodes, "Node", view::nodeChanged, view::nodeDeleted),
            register(powerNodes, "PowerNode", view::powerNodeChanged, view::powerNodeDeleted),
            register(pods, "Pod", view::podChanged, view::podDeleted));
    view.syncedWhen(this::hasSynced);
  }

  /**
   * Attaches the view to informers someone else created and runs (the manager's shared ones).
   * Handlers added to a running informer first receive every cached object as an add.
   *
   * @param powerNodes must be scoped to the power namespace
   * @param pods should select on the existence of {@link PowerLabels#PROFILE}; pods outside it are
   *     counted too when they request power profiles
   */
  public static CapacityInformers attach(
      CapacityView view,
      SharedIndexInformer<Node> nodes,
      SharedIndexInformer<PowerNode> powerNodes,
      SharedIndexInformer<Pod> pods) {
    return new CapacityInformers(
        Objects.requireNonNull(view, "view"),
        Objects.requireNonNull(nodes, "nodes"),
        Objects.requireNonNull(powerNodes, "powerNodes"),
        Objects.requireNonNull(pods, "pods"),
        false);
  }

  /**
   * Creates the three informers from a client, attaches the view and starts them (without waiting
   * for them to sync: see {@link #hasSynced()}).
   */
  public static CapacityInformers start(
      CapacityView view, KubernetesClient client, String powerNamespace) {
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    SharedIndexInformer<PowerNode> powerNodes =
        client.resources(PowerNode.class).inNamespace(powerNamespace).runnableInformer(0);
    SharedIndexInformer<Pod> pods =
        client.pods().inAnyNamespace().withLabel(PowerLabels.PROFILE).runnableInformer(0);
    CapacityInformers informers = new CapacityInformers(view, nodes, powerNodes, pods, true);
    nodes.start();
    powerNodes.start();
    pods.start();
    return informers;
  }

  /** Whether all three informers have listed once. */
  public boolean hasSynced() {
    return nodes.hasSynced() && powerNodes.hasSynced() && pods.hasSynced();
  }

  @Override
  public void close() {
    registrations.forEach(Registration::detach);
    if (owned) {
      pods.stop();
      powerNodes.stop();
      nodes.stop();
    }
  }

  private static <T> Registration<T> register(
      SharedIndexInformer<T> informer, String kind, Consumer<T> changed, Consumer<T> deleted) {
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            guarded(kind, () -> changed.accept(obj));
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            guarded(kind, () -> changed.accept(newObj));
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            guarded(kind, () -> deleted.accept(obj));
          }
        };
    informer.addEventHandler(handler);
    return new Registration<>(informer, handler);
  }

  private static void guarded(String kind, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.KIND, kind)
          .setCause(e)
          .log("capacity view could not apply an event; the object keeps its previous state");
    }
  }
}
