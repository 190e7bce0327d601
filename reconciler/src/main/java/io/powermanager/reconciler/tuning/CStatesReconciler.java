package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesStatus;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.Conditions;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.time.Clock;
import java.util.List;

/**
 * The status of each CStates object of the power namespace (its one writer): the nodes it applies
 * to and its {@code Applied} condition, aggregated from the PowerNodes' {@code CStatesApplied}
 * conditions ({@link CStatesStatuses}). Writes only on change.
 */
public final class CStatesReconciler implements Reconciler {

  private final ClusterInformers informers;
  private final Caches caches;
  private final FabricWriter writer;
  private final Clock clock;

  public CStatesReconciler(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    this.informers = informers;
    this.caches = caches;
    this.writer = writer;
    this.clock = clock;
  }

  /** Every CStates object of the power namespace: a node report may change any of them. */
  public List<ResourceKey> knownKeys() {
    return mine().stream()
        .map(c -> new ResourceKey(c.getMetadata().getNamespace(), c.getMetadata().getName()))
        .toList();
  }

  private List<CStates> mine() {
    return informers.cstates().getStore().list().stream()
        .filter(c -> caches.powerNamespace().equals(c.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public Result reconcile(ResourceKey key) {
    CStates object = informers.cstates().getStore().getByKey(key.storeKey());
    if (object == null
        || object.getMetadata().getDeletionTimestamp() != null
        || !caches.powerNamespace().equals(object.getMetadata().getNamespace())) {
      return Result.done();
    }
    CStatesStatuses.Computed computed =
        CStatesStatuses.compute(object, mine(), NodeReport.of(caches));
    Condition applied =
        Conditions.of(
            CStates.APPLIED,
            computed.applied(),
            computed.reason(),
            computed.message(),
            object.getMetadata().getGeneration());
    CStatesStatus current = object.getStatus();
    List<Condition> conditions = current == null ? List.of() : current.getConditions();
    if (current != null
        && current.getNodes().equals(computed.nodes())
        && Conditions.same(Conditions.find(conditions, CStates.APPLIED), applied)) {
      return Result.done();
    }
    CStates copy = Copies.of(object);
    CStatesStatus next = new CStatesStatus();
    next.setNodes(new java.util.ArrayList<>(computed.nodes()));
    next.setConditions(Conditions.merge(conditions, List.of(applied), clock.instant()));
    copy.setStatus(next);
    writer.updateStatus(copy);
    return Result.done();
  }
}
