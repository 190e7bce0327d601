package io.powermanager.agent.cpuidle;

import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.cstates.CStateRequest;
import io.powermanager.domain.cstates.CStatesConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What this node's C-state layers ask, computed from the API's objects: each profile's {@code
 * cstates} (a per-node profile {@code <base>-<node>} without its own inherits its base's) and the
 * CStates object targeting the node. Pure: no I/O.
 *
 * @param node this node
 * @param profiles profile name → its {@code cstates}
 * @param config the CStates object that applies (alphabetically first when several target the node)
 * @param object the CR of {@code config}, for its status and Events
 * @param problems why something asked is not applied (several objects for one node)
 */
public record CStateIntent(
    String node,
    Map<String, CStateRequest> profiles,
    Optional<CStatesConfig> config,
    Optional<CStates> object,
    List<String> problems) {

  public CStateIntent {
    Objects.requireNonNull(node, "node");
    profiles = Map.copyOf(profiles);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(object, "object");
    problems = List.copyOf(problems);
  }

  /** Nothing asked: every CPU keeps (or gets back) its original idle states. */
  public static CStateIntent none(String node) {
    return new CStateIntent(node, Map.of(), Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * This intent with a schedule entry's C-state layer over the CStates object (per state name the
   * layer wins); without a layer, this intent. The object stays the one its status belongs to.
   */
  public CStateIntent withLayer(Optional<CStatesConfig> layer) {
    if (layer.isEmpty()) {
      return this;
    }
    return new CStateIntent(
        node, profiles, Optional.of(layer.get().over(config)), object, problems);
  }

  /** Whether any layer exists on this node. */
  public boolean asksAnything() {
    return !profiles.isEmpty() || config.isPresent();
  }

  public Function<String, Optional<CStateRequest>> profileLookup() {
    return name -> Optional.ofNullable(profiles.get(name));
  }

  /** Computes the intent. */
  public static CStateIntent compute(
      String node,
      Map<String, String> nodeLabels,
      List<PowerProfile> profiles,
      List<CStates> objects) {
    Map<String, PowerProfile> byName = new TreeMap<>();
    profiles.stream()
        .filter(p -> p.getMetadata() != null && p.getMetadata().getName() != null)
        .forEach(p -> byName.put(p.getMetadata().getName(), p));
    Map<String, CStateRequest> requests = new TreeMap<>();
    byName.forEach(
        (name, cr) -> {
          Optional<CStateRequest> own = own(cr);
          if (own.isEmpty()) {
            String base = labels(cr).get(PowerLabels.BASE_PROFILE);
            if (base != null && byName.containsKey(base)) {
              own = own(byName.get(base));
            }
          }
          own.ifPresent(r -> requests.put(name, r));
        });
    // per-node profiles the agent derives itself before the reconciler creates them
    byName.forEach(
        (name, cr) -> {
          String derived = name + "-" + node;
          if (!byName.containsKey(derived)) {
            own(cr).ifPresent(r -> requests.put(derived, r));
          }
        });
    List<CStates> targeting = CStatesConversion.forNode(objects, node, nodeLabels);
    List<String> problems =
        targeting.size() > 1
            ? List.of(
                "CStates "
                    + targeting.stream().map(c -> c.getMetadata().getName()).toList()
                    + " all target node "
                    + node
                    + "; only "
                    + targeting.get(0).getMetadata().getName()
                    + " (alphabetically first) is applied")
            : List.of();
    Optional<CStates> object = targeting.stream().findFirst();
    return new CStateIntent(
        node, requests, object.map(CStatesConversion::config), object, problems);
  }

  private static Optional<CStateRequest> own(PowerProfile cr) {
    return cr.getSpec() == null
        ? Optional.empty()
        : CStatesConversion.request(cr.getSpec().getCstates());
  }

  private static Map<String, String> labels(PowerProfile cr) {
    Map<String, String> labels = cr.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
