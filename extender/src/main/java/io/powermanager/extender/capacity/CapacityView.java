package io.powermanager.extender.capacity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.extender.LogKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per node and power profile: {@code remaining = allocatable − Σ CPUs of the non-terminal pods
 * bound to that node}, plus whether the node's power agent is there and when it last beat. Fed only
 * by informer events (Nodes, PowerNodes of the power namespace, pods that request profiles), each
 * applied incrementally, so reading a node costs O(1) whatever the number of pods in the cluster.
 *
 * <p>Which pods count: those with {@code spec.nodeName} set and a phase other than {@code
 * Succeeded} or {@code Failed}. A terminating pod (deletion timestamp set) still counts until its
 * delete event, because its containers still hold their CPUs. Pods are keyed by namespace/name, so
 * replays and repeated events are idempotent.
 *
 * <p>Thread-safe: event methods may run on informer threads while requests read on server threads.
 * Each node's {@link NodeState} is immutable and replaced atomically, so a reader sees every node
 * in one consistent state; a request reading many nodes does not see one cluster-wide snapshot.
 */
public final class CapacityView {

  private static final Logger LOGGER = LoggerFactory.getLogger(CapacityView.class);

  private final Clock clock;
  private final ConcurrentHashMap<String, NodeState> nodes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Charge> charges = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> agents = new ConcurrentHashMap<>();
  private volatile BooleanSupplier synced = () -> true;

  /** The CPUs one pod takes on one node. */
  private record Charge(String node, Map<String, Long> cpus) {}

  /**
   * @param clock judges heartbeat age at request time
   */
  public CapacityView(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Clock clock() {
    return clock;
  }

  /** The node's state, or {@code null} when nothing is known about it. */
  public NodeState node(String name) {
    return nodes.get(name);
  }

  /** Nodes with any state (a Node, a PowerNode or a pod charged to them). */
  public int nodeCount() {
    return nodes.size();
  }

  /** Pods currently taking power CPUs on some node. */
  public int chargedPodCount() {
    return charges.size();
  }

  /** Whether the caches feeding this view have synced; true for a view fed by hand. */
  public boolean isSynced() {
    return synced.getAsBoolean();
  }

  /** Tells the view how to learn that its feed has synced (set by {@link CapacityInformers}). */
  public void syncedWhen(BooleanSupplier isSynced) {
    this.synced = Objects.requireNonNull(isSynced, "isSynced");
  }

  // ---- Nodes -------------------------------------------------------------------------------

  /** A Node was added or changed: its allocatable power profile CPUs. */
  public void nodeChanged(Node node) {
    String name = node.getMetadata().getName();
    Map<String, Long> allocatable = allocatable(node);
    update(name, s -> s.withNode(allocatable));
  }

  public void nodeDeleted(Node node) {
    update(node.getMetadata().getName(), NodeState::withoutNode);
  }

  private static Map<String, Long> allocatable(Node node) {
    Map<String, Quantity> all = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    if (all == null || all.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> out = new HashMap<>();
    all.forEach(
        (resource, q) -> {
          if (!PowerNames.isPowerResource(resource) || q == null) {
            return;
          }
          var profile = PowerNames.profileOf(resource);
          var parsed = io.powermanager.domain.Quantity.parse(PodConversion.text(q));
          if (profile.isPresent() && parsed.isPresent() && parsed.get().isInteger()) {
            out.put(profile.get(), Math.max(0, parsed.get().longValue()));
          } else {
            LOGGER
                .atDebug()
                .addKeyValue(LogKeys.NODE, node.getMetadata().getName())
                .addKeyValue(LogKeys.RESOURCE, resource)
                .log("allocatable power resource is not a whole number; ignored");
          }
        });
    return out;
  }

  // ---- PowerNodes --------------------------------------------------------------------------

  /** A PowerNode was added or changed: its agent is there, with this heartbeat. */
  public void powerNodeChanged(PowerNode powerNode) {
    String key = key(powerNode);
    String node = NodeConversion.nodeName(powerNode);
    String before = agents.put(key, node);
    if (before != null && !before.equals(node)) {
      update(before, NodeState::withoutAgent);
    }
    var beat = NodeConversion.heartbeat(powerNode);
    update(node, s -> s.withAgent(beat));
  }

  public void powerNodeDeleted(PowerNode powerNode) {
    String node = agents.remove(key(powerNode));
    update(node == null ? NodeConversion.nodeName(powerNode) : node, NodeState::withoutAgent);
  }

  // ---- Pods --------------------------------------------------------------------------------

  /** A pod was added or changed: charge or release its power CPUs as its binding and phase say. */
  public void podChanged(Pod pod) {
    Charge next = chargeOf(pod);
    charges.compute(
        key(pod),
        (k, before) -> {
          if (Objects.equals(before, next)) {
            return before;
          }
          if (before != null) {
            apply(before, -1);
          }
          if (next != null) {
            apply(next, 1);
          }
          return next;
        });
  }

  /** A pod was deleted: release whatever it took. */
  public void podDeleted(Pod pod) {
    charges.computeIfPresent(
        key(pod),
        (k, before) -> {
          apply(before, -1);
          return null;
        });
  }

  private static Charge chargeOf(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (node == null || node.isEmpty()) {
      return null;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return null;
    }
    PowerDemand demand = PowerDemand.of(pod, new ArrayList<>());
    return demand.isEmpty() ? null : new Charge(node, Map.copyOf(demand.cpusByProfile()));
  }

  private void apply(Charge charge, int sign) {
    update(charge.node(), s -> s.charge(charge.cpus(), sign));
  }

  // ---- shared ------------------------------------------------------------------------------

  private void update(String node, java.util.function.UnaryOperator<NodeState> change) {
    nodes.compute(
        node,
        (n, s) -> {
          NodeState next = change.apply(s == null ? NodeState.unknown(n) : s);
          return next.isEmpty() ? null : next;
        });
  }

  private static String key(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }
}
