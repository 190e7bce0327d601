package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.PowerWorkloadStatus;
import io.powermanager.domain.node.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's objects, only when something changed: the PowerNode (created if absent; its
 * status with a heartbeat at most every heartbeat interval when nothing else changes), this node's
 * PowerWorkloads (created, updated, deleted with their last pod; identified by the labels {@code
 * power.intel.com/node=<node>} and {@code app.kubernetes.io/component=node-agent}), the status of
 * the shared workloads that select the node (never their spec), and Events on pods (each distinct
 * message once per pod UID). The power kinds are written at their storage version ({@link
 * StorageVersion}), so the agent needs no conversion webhook. Not thread-safe: the node loop owns
 * it.
 */
public final class PowerObjects {

  private static final Logger LOGGER = LoggerFactory.getLogger(PowerObjects.class);
  private static final String COMPONENT = "power-node-agent";

  private final KubernetesClient client;
  private final String node;
  private final String namespace;
  private final Clock clock;
  private final Duration heartbeatInterval;
  private PowerNodeStatus lastWritten;
  private String lastWrittenJson;
  private Instant lastHeartbeat = Instant.EPOCH;
  private final EventRecorder events;

  public PowerObjects(
      KubernetesClient client,
      String node,
      String namespace,
      Clock clock,
      Duration heartbeatInterval) {
    this.client = Objects.requireNonNull(client, "client");
    this.node = Objects.requireNonNull(node, "node");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    this.events =
        new EventRecorder(EventRecorder.creating(client), clock, COMPONENT, COMPONENT + "-" + node)
            .onHost(node);
  }

  /** The labels of the PowerWorkloads this agent owns. */
  public Map<String, String> ownLabels() {
    return Map.of(PowerLabels.NODE, node, PowerLabels.APP_COMPONENT, PowerLabels.AGENT_COMPONENT);
  }

  /**
   * Creates the PowerNode when absent, owned by this node's Node (so it goes when the Node goes),
   * gives an existing one that ownerReference when it lacks it, and loads its current status. A
   * Node that cannot be read (an agent started by hand with a made-up name) owns nothing.
   */
  public void ensurePowerNode() {
    PowerNode existing = StorageVersion.get(client, PowerNode.class, namespace, node);
    Optional<OwnerReference> owner =
        Optional.ofNullable(client.nodes().withName(node).get())
            .map(
                n ->
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Node")
                        .withName(node)
                        .withUid(n.getMetadata().getUid())
                        .build());
    if (existing == null) {
      PowerNode created = new PowerNode();
      created.setMetadata(
          new ObjectMetaBuilder()
              .withName(node)
              .withNamespace(namespace)
              .addToLabels(PowerLabels.NODE, node)
              .addToLabels(PowerLabels.APP_MANAGED_BY, PowerLabels.PART_OF)
              .addToLabels(PowerLabels.APP_COMPONENT, PowerLabels.AGENT_COMPONENT)
              .withOwnerReferences(owner.map(List::of).orElse(List.of()))
              .build());
      created.setSpec(new PowerNodeSpec(node));
      existing = StorageVersion.create(client, created);
      LOGGER.atInfo().addKeyValue("node", node).log("PowerNode created");
    } else if (owner.isPresent() && !ownedBy(existing, owner.get())) {
      existing =
          StorageVersion.edit(
              client,
              PowerNode.class,
              namespace,
              node,
              pn -> {
                List<OwnerReference> refs = new ArrayList<>();
                if (pn.getMetadata().getOwnerReferences() != null) {
                  pn.getMetadata().getOwnerReferences().stream()
                      .filter(r -> !"Node".equals(r.getKind()))
                      .forEach(refs::add);
                }
                refs.add(owner.get());
                pn.getMetadata().setOwnerReferences(refs);
                return pn;
              });
    }
    lastWritten = existing.getStatus();
    lastWrittenJson = lastWritten == null ? null : comparable(lastWritten);
  }

  private static boolean ownedBy(PowerNode pn, OwnerReference owner) {
    List<OwnerReference> refs = pn.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> owner.getUid().equals(r.getUid()));
  }

  /**
   * Writes the PowerNode status when it differs from the last one written (heartbeat aside) or the
   * heartbeat is due.
   *
   * @param status the status without heartbeat and conditions
   * @param conditions the conditions wanted
   * @return whether a write was made
   */
  public boolean writeNodeStatus(PowerNodeStatus status, List<ConditionSpec> conditions) {
    Instant now = clock.instant();
    PowerNodeStatus next = Serialization.clone(status);
    next.setConditions(
        ConditionSpec.merge(
            lastWritten == null ? null : lastWritten.getConditions(), conditions, now, 1L));
    next.setObservedGeneration(1L);
    next.setHeartbeat(lastWritten == null ? null : lastWritten.getHeartbeat());
    String json = comparable(next);
    boolean heartbeatDue = Duration.between(lastHeartbeat, now).compareTo(heartbeatInterval) >= 0;
    if (json.equals(lastWrittenJson) && !heartbeatDue) {
      return false;
    }
    next.setHeartbeat(now.truncatedTo(ChronoUnit.SECONDS).toString());
    writeStatus(next);
    lastWritten = next;
    lastWrittenJson = comparable(next);
    lastHeartbeat = now;
    return true;
  }

  /** The last status written, for a degraded update that keeps everything but the conditions. */
  public PowerNodeStatus lastStatus() {
    return lastWritten == null ? new PowerNodeStatus() : Serialization.clone(lastWritten);
  }

  /** Heartbeat is compared apart: equal statuses differ only in it. */
  private static String comparable(PowerNodeStatus status) {
    PowerNodeStatus copy = Serialization.clone(status);
    copy.setHeartbeat(null);
    return Serialization.asJson(copy);
  }

  /**
   * Makes this node's PowerWorkloads equal {@code desired}: creates missing ones, updates changed
   * specs, deletes own workloads no longer wanted.
   *
   * @return how many objects were written
   */
  public int syncWorkloads(Map<String, PowerWorkloadSpec> desired, List<PowerWorkload> cached) {
    int writes = 0;
    var api = StorageVersion.resources(client, PowerWorkload.class, namespace);
    for (PowerWorkload w : cached) {
      Map<String, String> labels = w.getMetadata().getLabels();
      boolean own = labels != null && labels.entrySet().containsAll(ownLabels().entrySet());
      if (own && !desired.containsKey(w.getMetadata().getName())) {
        api.withName(w.getMetadata().getName()).delete();
        writes++;
        LOGGER
            .atInfo()
            .addKeyValue("workload", w.getMetadata().getName())
            .log("PowerWorkload deleted with its last pod");
      }
    }
    for (Map.Entry<String, PowerWorkloadSpec> e : desired.entrySet()) {
      PowerWorkload current =
          cached.stream()
              .filter(w -> e.getKey().equals(w.getMetadata().getName()))
              .findFirst()
              .orElse(null);
      if (current == null) {
        PowerWorkload created = new PowerWorkload();
        created.setMetadata(
            new ObjectMetaBuilder()
                .withName(e.getKey())
                .withNamespace(namespace)
                .addToLabels(ownLabels())
                .addToLabels(PowerLabels.APP_MANAGED_BY, PowerLabels.PART_OF)
                .build());
        created.setSpec(e.getValue());
        try {
          StorageVersion.create(client, created);
        } catch (KubernetesClientException ex) {
          if (ex.getCode() != 409) {
            throw ex;
          }
          editWorkload(e.getKey(), e.getValue());
        }
        writes++;
      } else if (!Serialization.asJson(current.getSpec())
          .equals(Serialization.asJson(e.getValue()))) {
        editWorkload(e.getKey(), e.getValue());
        writes++;
      }
    }
    return writes;
  }

  private void editWorkload(String name, PowerWorkloadSpec spec) {
    StorageVersion.edit(client, PowerWorkload.class, namespace, name, w -> withSpec(w, spec));
  }

  private PowerWorkload withSpec(PowerWorkload w, PowerWorkloadSpec spec) {
    w.setSpec(spec);
    if (w.getMetadata().getLabels() == null) {
      w.getMetadata().setLabels(new java.util.HashMap<>());
    }
    w.getMetadata().getLabels().putAll(ownLabels());
    return w;
  }

  /** Writes a shared workload's status when it differs; never its spec. */
  public boolean writeWorkloadStatus(
      PowerWorkload current, PowerWorkloadStatus status, List<ConditionSpec> conditions) {
    PowerWorkloadStatus next = Serialization.clone(status);
    List<io.fabric8.kubernetes.api.model.Condition> previous =
        current.getStatus() == null ? null : current.getStatus().getConditions();
    next.setConditions(
        ConditionSpec.merge(
            previous, conditions, clock.instant(), current.getMetadata().getGeneration()));
    if (current.getStatus() != null
        && Serialization.asJson(current.getStatus()).equals(Serialization.asJson(next))) {
      return false;
    }
    StorageVersion.editStatus(
        client,
        PowerWorkload.class,
        namespace,
        current.getMetadata().getName(),
        w -> {
          w.setStatus(next);
          return w;
        });
    return true;
  }

  /**
   * Records the event on its pod, once per pod UID, reason and message (see {@link EventRecorder}).
   */
  public void emit(PodEvent event) {
    events.record(
        new ObjectReferenceBuilder()
            .withApiVersion("v1")
            .withKind("Pod")
            .withNamespace(event.pod().namespace())
            .withName(event.pod().name())
            .withUid(event.pod().uid())
            .build(),
        event.warning() ? EventRecorder.Type.WARNING : EventRecorder.Type.NORMAL,
        event.reason(),
        event.message());
  }

  /** A Warning Event on a PowerWorkload (e.g. its reservedCPUs disagree), once per message. */
  public void emitOnWorkload(PowerWorkload workload, String reason, String message) {
    events.warning(workload, reason, message);
  }

  /**
   * A Warning Event on any power object (e.g. an Uncore whose value was clamped), once per message.
   */
  public void emitOn(
      io.fabric8.kubernetes.api.model.HasMetadata object, String reason, String message) {
    events.warning(object, reason, message);
  }

  /**
   * Writes the last status with {@code stopped} merged into its conditions (best effort, on stop).
   */
  public void markStopped(ConditionSpec stopped) {
    PowerNodeStatus status = lastStatus();
    List<ConditionSpec> wanted = List.of(stopped);
    status.setConditions(ConditionSpec.merge(status.getConditions(), wanted, clock.instant(), 1L));
    writeStatus(status);
  }

  /** Replaces this node's PowerNode status (at the storage version). */
  private void writeStatus(PowerNodeStatus status) {
    StorageVersion.editStatus(
        client,
        PowerNode.class,
        namespace,
        node,
        pn -> {
          pn.setStatus(status);
          return pn;
        });
  }

  /** {@link Heartbeat#INTERVAL}, the default heartbeat period. */
  public static Duration defaultHeartbeat() {
    return Heartbeat.INTERVAL;
  }
}
