package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsStatus;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.Conditions;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of each PowerNodeSettings object of the power namespace (its one writer): the nodes it
 * applies to, each node's outcome and turbo state and its {@code Applied} condition, aggregated
 * from the PowerNodes ({@link NodeSettingsStatuses}). Writes only on change.
 */
public final class NodeSettingsReconciler implements Reconciler {

  private final ClusterInformers informers;
  private final Caches caches;
  private final FabricWriter writer;
  private final Clock clock;

  public NodeSettingsReconciler(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    this.informers = informers;
    this.caches = caches;
    this.writer = writer;
    this.clock = clock;
  }

  /** Every PowerNodeSettings of the power namespace: a node report may change any of them. */
  public List<ResourceKey> knownKeys() {
    return mine().stream()
        .map(s -> new ResourceKey(s.getMetadata().getNamespace(), s.getMetadata().getName()))
        .toList();
  }

  private List<PowerNodeSettings> mine() {
    return informers.nodeSettings().getStore().list().stream()
        .filter(s -> caches.powerNamespace().equals(s.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public Result reconcile(ResourceKey key) {
    PowerNodeSettings object = informers.nodeSettings().getStore().getByKey(key.storeKey());
    if (object == null
        || object.getMetadata().getDeletionTimestamp() != null
        || !caches.powerNamespace().equals(object.getMetadata().getNamespace())) {
      return Result.done();
    }
    NodeSettingsStatuses.Computed computed =
        NodeSettingsStatuses.compute(object, mine(), NodeReport.of(caches));
    Condition applied =
        Conditions.of(
            PowerNodeSettings.APPLIED,
            computed.verdict().applied(),
            computed.verdict().reason(),
            computed.verdict().message(),
            object.getMetadata().getGeneration());
    PowerNodeSettingsStatus current = object.getStatus();
    List<Condition> conditions = current == null ? List.of() : current.getConditions();
    if (current != null
        && current.getNodes().equals(computed.nodes())
        && Serialization.asJson(current.getOutcomes())
            .equals(Serialization.asJson(computed.outcomes()))
        && Conditions.same(Conditions.find(conditions, PowerNodeSettings.APPLIED), applied)) {
      return Result.done();
    }
    PowerNodeSettings copy = Copies.of(object);
    PowerNodeSettingsStatus next = new PowerNodeSettingsStatus();
    next.setNodes(new ArrayList<>(computed.nodes()));
    next.setOutcomes(new ArrayList<>(computed.outcomes()));
    next.setConditions(Conditions.merge(conditions, List.of(applied), clock.instant()));
    copy.setStatus(next);
    writer.updateStatus(copy);
    return Result.done();
  }
}
