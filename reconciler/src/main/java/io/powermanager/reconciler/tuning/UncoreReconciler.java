package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreNodeOutcome;
import io.powermanager.api.v1alpha1.UncoreStatus;
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
 * The status of each Uncore object of the power namespace (its one writer): the nodes it applies
 * to, each node's outcome (applied, clamped, refused, unsupported, superseded, pending) and its
 * {@code Applied} condition, aggregated from the PowerNodes' {@code UncoreApplied} and {@code
 * UncoreUnsupported} conditions ({@link UncoreStatuses}); Intel's {@code errors} carry the
 * refusals. Writes only on change.
 */
public final class UncoreReconciler implements Reconciler {

  private final ClusterInformers informers;
  private final Caches caches;
  private final FabricWriter writer;
  private final Clock clock;

  public UncoreReconciler(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    this.informers = informers;
    this.caches = caches;
    this.writer = writer;
    this.clock = clock;
  }

  /** Every Uncore object of the power namespace: a node report may change any of them. */
  public List<ResourceKey> knownKeys() {
    return mine().stream()
        .map(u -> new ResourceKey(u.getMetadata().getNamespace(), u.getMetadata().getName()))
        .toList();
  }

  private List<Uncore> mine() {
    return informers.uncores().getStore().list().stream()
        .filter(u -> caches.powerNamespace().equals(u.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public Result reconcile(ResourceKey key) {
    Uncore object = informers.uncores().getStore().getByKey(key.storeKey());
    if (object == null
        || object.getMetadata().getDeletionTimestamp() != null
        || !caches.powerNamespace().equals(object.getMetadata().getNamespace())) {
      return Result.done();
    }
    UncoreStatuses.Computed computed =
        UncoreStatuses.compute(object, mine(), NodeReport.of(caches));
    Condition applied =
        Conditions.of(
            Uncore.APPLIED,
            computed.applied(),
            computed.reason(),
            computed.message(),
            object.getMetadata().getGeneration());
    List<String> errors = new ArrayList<>();
    for (UncoreNodeOutcome o : computed.outcomes()) {
      if (!UncoreNodeOutcome.APPLIED.equals(o.getOutcome())
          && !UncoreNodeOutcome.CLAMPED.equals(o.getOutcome())
          && !UncoreNodeOutcome.PENDING.equals(o.getOutcome())) {
        errors.add("node " + o.getNode() + ": " + o.getMessage());
      }
    }
    UncoreStatus current = object.getStatus();
    List<Condition> conditions = current == null ? List.of() : current.getConditions();
    if (current != null
        && current.getNodes().equals(computed.nodes())
        && Serialization.asJson(current.getOutcomes())
            .equals(Serialization.asJson(computed.outcomes()))
        && current.getErrors().equals(errors)
        && Conditions.same(Conditions.find(conditions, Uncore.APPLIED), applied)) {
      return Result.done();
    }
    Uncore copy = Copies.of(object);
    UncoreStatus next = new UncoreStatus();
    next.setNodes(new ArrayList<>(computed.nodes()));
    next.setOutcomes(new ArrayList<>(computed.outcomes()));
    next.setErrors(errors);
    next.setConditions(Conditions.merge(conditions, List.of(applied), clock.instant()));
    copy.setStatus(next);
    writer.updateStatus(copy);
    return Result.done();
  }
}
