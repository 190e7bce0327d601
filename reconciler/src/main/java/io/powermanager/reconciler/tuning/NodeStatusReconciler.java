package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesStatus;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsStatus;
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
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The status of each object of a node-applied kind in the power namespace (CStates, Uncore,
 * PowerNodeSettings; this is its one writer): what the kind's pure aggregation ({@link
 * CStatesStatuses}, {@link UncoreStatuses}, {@link NodeSettingsStatuses}) makes of the PowerNodes'
 * reports — the nodes it applies to, per-node outcomes — and its {@code Applied} condition. Writes
 * only on change.
 *
 * @param <T> the kind
 * @param <S> its status
 */
public final class NodeStatusReconciler<T extends CustomResource<?, S>, S> implements Reconciler {

  /** What one kind's aggregation makes of an object: its status but the conditions, its verdict. */
  record Planned<S>(S status, AppliedVerdict verdict) {}

  /** One kind's pure aggregation over the PowerNodes' reports. */
  @FunctionalInterface
  interface Aggregation<T, S> {
    Planned<S> plan(T object, List<T> all, List<NodeReport> reports);
  }

  private final SharedIndexInformer<T> informer;
  private final String appliedType;
  private final Aggregation<T, S> aggregation;
  private final Function<S, List<Condition>> conditionsOf;
  private final BiConsumer<S, List<Condition>> setConditions;
  private final Caches caches;
  private final FabricWriter writer;
  private final Clock clock;

  private NodeStatusReconciler(
      SharedIndexInformer<T> informer,
      String appliedType,
      Aggregation<T, S> aggregation,
      Function<S, List<Condition>> conditionsOf,
      BiConsumer<S, List<Condition>> setConditions,
      Caches caches,
      FabricWriter writer,
      Clock clock) {
    this.informer = informer;
    this.appliedType = appliedType;
    this.aggregation = aggregation;
    this.conditionsOf = conditionsOf;
    this.setConditions = setConditions;
    this.caches = caches;
    this.writer = writer;
    this.clock = clock;
  }

  /** CStates: the nodes it applies to, from the PowerNodes' {@code CStatesApplied} conditions. */
  public static NodeStatusReconciler<CStates, CStatesStatus> cstates(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    return new NodeStatusReconciler<>(
        informers.cstates(),
        CStates.APPLIED,
        (object, all, reports) -> {
          CStatesStatuses.Computed c = CStatesStatuses.compute(object, all, reports);
          CStatesStatus status = new CStatesStatus();
          status.setNodes(new ArrayList<>(c.nodes()));
          return new Planned<>(status, c.verdict());
        },
        CStatesStatus::getConditions,
        CStatesStatus::setConditions,
        caches,
        writer,
        clock);
  }

  /**
   * Uncore: the nodes, each node's outcome (applied, clamped, refused, unsupported, superseded,
   * pending) from the PowerNodes' {@code UncoreApplied} and {@code UncoreUnsupported} conditions;
   * Intel's {@code errors} carry the refusals.
   */
  public static NodeStatusReconciler<Uncore, UncoreStatus> uncores(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    Set<String> fine =
        Set.of(UncoreNodeOutcome.APPLIED, UncoreNodeOutcome.CLAMPED, UncoreNodeOutcome.PENDING);
    return new NodeStatusReconciler<>(
        informers.uncores(),
        Uncore.APPLIED,
        (object, all, reports) -> {
          UncoreStatuses.Computed c = UncoreStatuses.compute(object, all, reports);
          List<String> errors = new ArrayList<>();
          for (UncoreNodeOutcome o : c.outcomes()) {
            if (!fine.contains(o.getOutcome())) {
              errors.add("node " + o.getNode() + ": " + o.getMessage());
            }
          }
          UncoreStatus status = new UncoreStatus();
          status.setNodes(new ArrayList<>(c.nodes()));
          status.setOutcomes(new ArrayList<>(c.outcomes()));
          status.setErrors(errors);
          return new Planned<>(status, c.verdict());
        },
        UncoreStatus::getConditions,
        UncoreStatus::setConditions,
        caches,
        writer,
        clock);
  }

  /** PowerNodeSettings: the nodes, each node's outcome and turbo state. */
  public static NodeStatusReconciler<PowerNodeSettings, PowerNodeSettingsStatus> nodeSettings(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    return new NodeStatusReconciler<>(
        informers.nodeSettings(),
        PowerNodeSettings.APPLIED,
        (object, all, reports) -> {
          NodeSettingsStatuses.Computed c = NodeSettingsStatuses.compute(object, all, reports);
          PowerNodeSettingsStatus status = new PowerNodeSettingsStatus();
          status.setNodes(new ArrayList<>(c.nodes()));
          status.setOutcomes(new ArrayList<>(c.outcomes()));
          return new Planned<>(status, c.verdict());
        },
        PowerNodeSettingsStatus::getConditions,
        PowerNodeSettingsStatus::setConditions,
        caches,
        writer,
        clock);
  }

  /** Every object of the kind in the power namespace: a node report may change any of them. */
  public List<ResourceKey> knownKeys() {
    return mine().stream()
        .map(o -> new ResourceKey(o.getMetadata().getNamespace(), o.getMetadata().getName()))
        .toList();
  }

  private List<T> mine() {
    return informer.getStore().list().stream()
        .filter(o -> caches.powerNamespace().equals(o.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public Result reconcile(ResourceKey key) {
    T object = informer.getStore().getByKey(key.storeKey());
    if (object == null
        || object.getMetadata().getDeletionTimestamp() != null
        || !caches.powerNamespace().equals(object.getMetadata().getNamespace())) {
      return Result.done();
    }
    Planned<S> planned = aggregation.plan(object, mine(), NodeReport.of(caches));
    AppliedVerdict verdict = planned.verdict();
    Condition applied =
        Conditions.of(
            appliedType,
            verdict.applied(),
            verdict.reason(),
            verdict.message(),
            object.getMetadata().getGeneration());
    S current = object.getStatus();
    List<Condition> conditions = current == null ? List.of() : conditionsOf.apply(current);
    S next = planned.status();
    setConditions.accept(next, conditions); // compared with the current one, conditions aside
    if (current != null
        && Serialization.asJson(current).equals(Serialization.asJson(next))
        && Conditions.same(Conditions.find(conditions, appliedType), applied)) {
      return Result.done();
    }
    T copy = Copies.of(object);
    setConditions.accept(next, Conditions.merge(conditions, List.of(applied), clock.instant()));
    copy.setStatus(next);
    writer.updateStatus(copy);
    return Result.done();
  }
}
