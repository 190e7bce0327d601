package io.powermanager.extender.capacity;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.extender.LogKeys;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link CapacityView} from three informers of a {@link ClusterInformers} set: Nodes
 * (cluster-wide), PowerNodes (the power namespace) and pods that carry the {@link
 * PowerLabels#PROFILE} label (cluster-wide). {@link #close()} detaches the view's handlers, and
 * stops the set only when {@link #start} created it (the standalone extender).
 */
public final class CapacityInformers implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(CapacityInformers.class);

  private final ClusterInformers informers;
  private final List<Runnable> registrations;
  private final boolean owned;

  private CapacityInformers(CapacityView view, ClusterInformers informers, boolean owned) {
    this.informers = informers;
    this.owned = owned;
    this.registrations =
        List.of(
            register(informers.nodes(), "Node", view::nodeChanged, view::nodeDeleted),
            register(
                informers.powerNodes(),
                "PowerNode",
                view::powerNodeChanged,
                view::powerNodeDeleted),
            register(informers.pods(), "Pod", view::podChanged, view::podDeleted));
    view.syncedWhen(this::hasSynced);
  }

  /**
   * Attaches the view to a set someone else owns and starts (the manager's). Handlers added to a
   * running informer first receive every cached object as an add.
   */
  public static CapacityInformers attach(CapacityView view, ClusterInformers informers) {
    return new CapacityInformers(
        Objects.requireNonNull(view, "view"),
        Objects.requireNonNull(informers, "informers"),
        false);
  }

  /**
   * Creates a set of its own, attaches the view and starts it (without waiting for it to sync: see
   * {@link #hasSynced()}).
   */
  public static CapacityInformers start(
      CapacityView view,
      KubernetesClient client,
      String powerNamespace,
      PrometheusRegistry registry) {
    ClusterInformers informers =
        ClusterInformers.cluster(
            client,
            powerNamespace,
            registry,
            new EventRecorder(
                EventRecorder.creating(client),
                Clock.systemUTC(),
                "power-manager-extender",
                "extender"));
    CapacityInformers capacity = new CapacityInformers(view, informers, true);
    informers.start();
    return capacity;
  }

  /** Whether the informers are running and have listed once (for readiness). */
  public boolean hasSynced() {
    return informers.healthy();
  }

  @Override
  public void close() {
    registrations.forEach(Runnable::run);
    if (owned) {
      informers.close();
    }
  }

  private static <T> Runnable register(
      SharedIndexInformer<T> informer, String kind, Consumer<T> changed, Consumer<T> deleted) {
    return ClusterInformers.onEvents(
        informer,
        o -> guarded(kind, () -> changed.accept(o)),
        o -> guarded(kind, () -> deleted.accept(o)));
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
