package io.powermanager.reconciler.profile;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.reconciler.config.ConfigSingleton;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keyed by node name: the extended profiles {@code <base>-<node>} of one node. A node gets them
 * while it is selected by the active PowerConfig and its agent has published the node's hardware (a
 * PowerNode with frequency ranges); they follow the base profiles and the hardware, and go when the
 * base or the selection goes (deleted here, only those this reconciler made) or the PowerNode goes
 * (their owner: garbage collection). A stale heartbeat alone keeps them (the node capacity is what
 * is withdrawn), so an agent restart does not churn profiles.
 */
public final class ExtendedProfileReconciler implements Reconciler {

  private final Caches caches;
  private final FabricWriter writer;
  private final EventRecorder events;

  public ExtendedProfileReconciler(Caches caches, FabricWriter writer, EventRecorder events) {
    this.caches = caches;
    this.writer = writer;
    this.events = events;
  }

  @Override
  public Result reconcile(ResourceKey key) {
    String node = key.name();
    List<PowerProfile> desired = desired(node);
    Set<String> wanted = new HashSet<>();
    for (PowerProfile want : desired) {
      wanted.add(want.getMetadata().getName());
      Optional<PowerProfile> have = caches.profile(want.getMetadata().getName());
      if (have.isEmpty()) {
        writer.create(want);
      } else if (have.get().getMetadata().getDeletionTimestamp() != null) {
        return Result.requeueAfter(java.time.Duration.ofSeconds(1)); // recreate once it is gone
      } else if (!ExtendedProfilePlan.converged(want, have.get())) {
        writer.update(ExtendedProfilePlan.updated(Copies.of(have.get()), want));
      }
    }
    for (PowerProfile existing : caches.profilesScoped(node)) {
      if (ExtendedProfilePlan.isManaged(existing)
          && !wanted.contains(existing.getMetadata().getName())) {
        writer.delete(existing);
      }
    }
    return Result.done();
  }

  private List<PowerProfile> desired(String node) {
    Optional<PowerConfig> config = ConfigSingleton.active(caches.configs());
    Optional<Node> k8sNode = caches.node(node);
    Optional<PowerNode> powerNode = caches.powerNodeOf(node);
    if (config.isEmpty() || k8sNode.isEmpty() || powerNode.isEmpty()) {
      return List.of();
    }
    Map<String, String> selector =
        config.get().getSpec() == null ? Map.of() : config.get().getSpec().getPowerNodeSelector();
    if (!Caches.selects(selector, k8sNode.get())) {
      return List.of();
    }
    Optional<HardwareRange> range = NodeConversion.commonRange(powerNode.get());
    if (range.isEmpty()) {
      return List.of();
    }
    List<PowerProfile> bases = new ArrayList<>();
    for (BaseProfile b : BaseProfile.values()) {
      caches
          .profile(b.profileName())
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .ifPresent(bases::add);
    }
    ExtendedProfilePlan.Plan plan =
        ExtendedProfilePlan.forNode(powerNode.get(), range.get(), bases, caches.powerNamespace());
    for (String name : plan.tooLong()) {
      events.warning(
          powerNode.get(),
          "ProfileNameTooLong",
          "extended profile \""
              + name
              + "\" would be longer than 63 characters, the limit of a profile and resource name;"
              + " node "
              + node
              + " cannot advertise it");
    }
    for (ExtendedProfilePlan.InvalidBase bad : plan.invalidBases()) {
      events.warning(
          bad.base(),
          "InvalidProfile",
          "profile is not valid and is not expanded per node: " + bad.reasons());
    }
    return plan.desired();
  }
}
