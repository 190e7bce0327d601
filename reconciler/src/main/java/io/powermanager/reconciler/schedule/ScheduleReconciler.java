package io.powermanager.reconciler.schedule;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.convert.UncoreConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.ScheduleStatus;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.domain.schedule.ScheduleRules;
import io.powermanager.domain.schedule.ScheduleView;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One per schedule kind (PowerSchedule, TimeOfDay), keyed by namespace and name: the schedule's
 * {@code Accepted} condition, from the same rules the webhook applies (the entries' C-state and
 * uncore layers against the power nodes' idle states and uncore domains included) (an object that
 * got past a webhook that was down, or that a later profile delete or node label change broke, says
 * why). The agents apply only schedules that parse; this writes the status only, and only on
 * change.
 */
public final class ScheduleReconciler<T extends CustomResource<?, ScheduleStatus>>
    implements Reconciler {

  public static final String ACCEPTED = "Accepted";

  private final SharedIndexInformer<T> informer;
  private final Function<T, ScheduleView> view;
  private final ClusterInformers informers;
  private final Caches caches;
  private final FabricWriter writer;
  private final Clock clock;

  private ScheduleReconciler(
      SharedIndexInformer<T> informer,
      Function<T, ScheduleView> view,
      ClusterInformers informers,
      Caches caches,
      FabricWriter writer,
      Clock clock) {
    this.informer = informer;
    this.view = view;
    this.informers = informers;
    this.caches = caches;
    this.writer = writer;
    this.clock = clock;
  }

  public static ScheduleReconciler<PowerSchedule> powerSchedules(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    return new ScheduleReconciler<>(
        informers.schedules(), ScheduleConversion::view, informers, caches, writer, clock);
  }

  public static ScheduleReconciler<TimeOfDay> timeOfDays(
      ClusterInformers informers, Caches caches, FabricWriter writer, Clock clock) {
    return new ScheduleReconciler<>(
        informers.timeOfDays(), ScheduleConversion::view, informers, caches, writer, clock);
  }

  /** Every schedule of both kinds, as keys: what a change to one of them may affect. */
  public static List<ResourceKey> allKeys(ClusterInformers informers) {
    List<ResourceKey> keys = new ArrayList<>();
    informers.schedules().getStore().list().forEach(s -> keys.add(key(s)));
    informers.timeOfDays().getStore().list().forEach(t -> keys.add(key(t)));
    return keys;
  }

  private static ResourceKey key(CustomResource<?, ?> o) {
    return new ResourceKey(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /** The keys this reconciler's kind has. */
  public List<ResourceKey> knownKeys() {
    return informer.getStore().list().stream().map(ScheduleReconciler::key).toList();
  }

  @Override
  public Result reconcile(ResourceKey key) {
    T object = informer.getStore().getByKey(key.storeKey());
    if (object == null || object.getMetadata().getDeletionTimestamp() != null) {
      return Result.done();
    }
    RuleResult result = ScheduleRules.check(view.apply(object), catalog(), others(), nodeLabels());
    Condition accepted =
        result.allowed()
            ? Conditions.of(
                ACCEPTED,
                true,
                "Valid",
                result.warnings().isEmpty()
                    ? "the schedule is valid"
                    : String.join("; ", result.warnings()),
                object.getMetadata().getGeneration())
            : Conditions.of(
                ACCEPTED, false, "Invalid", result.message(), object.getMetadata().getGeneration());
    List<Condition> current =
        object.getStatus() == null ? List.of() : object.getStatus().getConditions();
    Condition have = Conditions.find(current, ACCEPTED);
    if (Conditions.same(have, accepted)) {
      return Result.done();
    }
    T copy = Copies.of(object);
    ScheduleStatus status = copy.getStatus() == null ? new ScheduleStatus() : copy.getStatus();
    status.setConditions(Conditions.merge(current, List.of(accepted), clock.instant()));
    copy.setStatus(status);
    writer.updateStatus(copy);
    return Result.done();
  }

  private StaticCatalog catalog() {
    StaticCatalog.Builder b = StaticCatalog.builder().knowsProfiles();
    caches.profiles().forEach(p -> ProfileConversion.valid(p).ifPresent(b::profile));
    // the power nodes' idle states and uncore domains, for the entries' C-state and uncore layers
    Map<String, Map<String, String>> labels = nodeLabels();
    for (var pn : caches.powerNodes()) {
      b.idleNode(CStatesConversion.idleFacts(pn));
      String node = io.powermanager.api.convert.NodeConversion.nodeName(pn);
      b.uncoreNode(
          new io.powermanager.domain.uncore.UncoreRules.PowerNodeView(
              node, labels.getOrDefault(node, Map.of()), UncoreConversion.domains(pn)));
    }
    return b.build();
  }

  private List<ScheduleView> others() {
    List<ScheduleView> all = new ArrayList<>();
    informers.schedules().getStore().list().forEach(s -> all.add(ScheduleConversion.view(s)));
    informers.timeOfDays().getStore().list().forEach(t -> all.add(ScheduleConversion.view(t)));
    return all;
  }

  private Map<String, Map<String, String>> nodeLabels() {
    Map<String, Map<String, String>> nodes = new TreeMap<>();
    for (String name : caches.nodeNames()) {
      caches
          .node(name)
          .map(Node::getMetadata)
          .ifPresent(m -> nodes.put(name, m.getLabels() == null ? Map.of() : m.getLabels()));
    }
    return nodes;
  }
}
