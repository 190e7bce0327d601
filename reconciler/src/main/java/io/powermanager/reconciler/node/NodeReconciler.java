package io.powermanager.reconciler.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.AgentStop;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.capacity.CapacityChanges;
import io.powermanager.domain.capacity.CapacityPlan;
import io.powermanager.domain.capacity.NodeCapacity;
import io.powermanager.domain.capacity.NodeFacts;
import io.powermanager.domain.capacity.ProfileOffer;
import io.powermanager.domain.capacity.ResourceChange;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile.Invalid;
import io.powermanager.domain.power.PowerProfile.Valid;
import io.powermanager.reconciler.LogKeys;
import io.powermanager.reconciler.config.BaseProfiles;
import io.powermanager.reconciler.config.ConfigSingleton;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.profile.ExtendedProfilePlan;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by node name. Keeps the node's {@code power.intel.com/<profile>} extended resources in
 * {@code status.capacity} and {@code status.allocatable} equal to {@link NodeCapacity}'s plan:
 * advertised while the node is selected and its agent is alive, re-asserted whenever something
 * resets them (every Node update is looked at), withdrawn when the node leaves the selection, the
 * agent goes silent (a requeue at the staleness deadline, no polling), a profile goes or stops
 * selecting the node ({@code spec.nodeSelector}; a base profile's selects its extended ones), or
 * the PowerConfig goes. Nothing outside {@code power.intel.com/} is touched. When no PowerConfig is
 * left (power management switched off), deletes the node's PowerNode once its agent reports that it
 * stopped and restored every CPU ({@link AgentStop#restored}). The PowerNode of a node that left
 * the cluster is the garbage collector's: it carries an ownerReference to its Node.
 */
public final class NodeReconciler implements Reconciler {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeReconciler.class);

  private final Caches caches;
  private final FabricWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  public NodeReconciler(Caches caches, FabricWriter writer, EventRecorder events, Clock clock) {
    this.caches = caches;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Result reconcile(ResourceKey key) {
    String name = key.name();
    Optional<Node> node = caches.node(name);
    Optional<PowerNode> powerNode = caches.powerNodeOf(name);
    Instant now = clock.instant();
    if (node.isEmpty()) {
      return Result.done();
    }
    Optional<PowerConfig> config = ConfigSingleton.active(caches.configs());
    if (config.isEmpty() && powerNode.filter(AgentStop::restored).isPresent()) {
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.NODE, name)
          .log(
              "deleting the PowerNode: no PowerConfig is left and the agent has restored the node");
      writer.delete(powerNode.get());
    }
    boolean selected =
        config.isPresent()
            && Caches.selects(
                config.get().getSpec() == null
                    ? Map.of()
                    : config.get().getSpec().getPowerNodeSelector(),
                node.get());
    NodeFacts facts =
        new NodeFacts(
            name,
            selected,
            powerNode.flatMap(NodeConversion::heartbeat),
            powerNode.flatMap(NodeConversion::allocatableCpus));
    CapacityPlan plan =
        NodeCapacity.plan(
            facts, selected ? offers(name, node.get(), powerNode, config.get()) : List.of(), now);
    Map<String, String> capacity = text(node.get(), true);
    Map<String, String> allocatable = text(node.get(), false);
    List<ResourceChange> changes = CapacityChanges.diff(capacity, allocatable, plan.resources());
    if (!changes.isEmpty()) {
      LOGGER
          .atDebug()
          .addKeyValue(LogKeys.NODE, name)
          .addKeyValue(LogKeys.REASON, plan.reason())
          .addKeyValue(LogKeys.CHANGES, changes.size())
          .log(plan.message());
      boolean hasCapacity =
          node.get().getStatus() != null && node.get().getStatus().getCapacity() != null;
      boolean hasAllocatable =
          node.get().getStatus() != null && node.get().getStatus().getAllocatable() != null;
      writer.patchNodeStatus(
          node.get(),
          CapacityPatch.json(CapacityPatch.operations(changes, hasCapacity, hasAllocatable)));
    }
    return plan.recheckAt()
        .map(at -> Result.requeueAfter(Duration.between(now, at)))
        .orElse(Result.done());
  }

  /**
   * Every valid profile that may be advertised on {@code node}: the base and custom profiles, and
   * the node's extended profiles as the extended-profile controller plans them (so a new power node
   * is advertised in one write, not one per profile as they appear). A base profile the PowerConfig
   * lists counts as the PowerConfig reconciler writes it, whether the informer has it yet or not,
   * so a node reconciled while those are being created is not patched once per profile.
   */
  private List<ProfileOffer> offers(
      String node, Node kubeNode, Optional<PowerNode> powerNode, PowerConfig config) {
    Map<String, String> labels = kubeNode.getMetadata().getLabels();
    Map<String, PowerProfile> everywhere = new LinkedHashMap<>();
    for (PowerProfile p : caches.profilesScoped(Caches.EVERY_NODE)) {
      if (ProfileConversion.nodeSelector(p).matches(labels)) {
        everywhere.put(p.getMetadata().getName(), p);
      }
    }
    List<BaseProfile> listed = BaseProfiles.listed(config);
    List<PowerProfile> bases = new ArrayList<>();
    for (BaseProfile b : BaseProfile.values()) {
      // the informer's copy, or the one this process just wrote, or the one it is about to write
      Optional<PowerProfile> base =
          caches
              .profile(b.profileName())
              .or(
                  () ->
                      listed.contains(b)
                          ? Optional.of(BaseProfiles.desired(b, config, caches.powerNamespace()))
                          : Optional.empty())
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> ProfileConversion.nodeSelector(p).matches(labels));
      base.ifPresent(
          p -> {
            everywhere.put(b.profileName(), p);
            bases.add(p);
          });
    }
    Map<String, ProfileOffer> offers = new LinkedHashMap<>();
    for (PowerProfile p : everywhere.values()) {
      valid(p).ifPresent(v -> offers.put(v.name(), ProfileOffer.everywhere(v)));
    }
    Optional<HardwareRange> range = powerNode.flatMap(NodeConversion::commonRange);
    if (range.isPresent()) {
      for (PowerProfile extended :
          ExtendedProfilePlan.forNode(powerNode.get(), range.get(), bases, caches.powerNamespace())
              .desired()) {
        valid(extended).ifPresent(v -> offers.put(v.name(), ProfileOffer.onlyOn(v, node)));
      }
    }
    return new ArrayList<>(offers.values());
  }

  private Optional<io.powermanager.domain.power.PowerProfile> valid(PowerProfile p) {
    if (p.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    var parsed = ProfileConversion.toDomain(p);
    if (parsed instanceof Valid v) {
      return Optional.of(v.profile());
    }
    events.warning(
        p,
        "InvalidProfile",
        "profile is not valid and is not advertised on any node: "
            + ((Invalid) parsed)
                .violations().stream().map(Object::toString).collect(Collectors.joining("; ")));
    return Optional.empty();
  }

  private static Map<String, String> text(Node node, boolean capacity) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.getStatus() == null) {
      return out;
    }
    Map<String, Quantity> q =
        capacity ? node.getStatus().getCapacity() : node.getStatus().getAllocatable();
    if (q != null) {
      q.forEach((k, v) -> out.put(k, v == null ? "" : v.getAmount() + nullToEmpty(v.getFormat())));
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
