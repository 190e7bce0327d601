package io.powermanager.webhook;

import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.cstates.CStateRules;
import io.powermanager.domain.cstates.NodeIdleFacts;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * C-state admission over {@link CStateFacts}: a CStates object, a profile's {@code cstates}, and
 * deleting a profile a CStates object names. The rules are {@link CStateRules}'; this class only
 * gathers the facts (which power nodes an object targets, the other objects' targets).
 */
public final class CStatesAdmission {

  private final CStateFacts facts;

  public CStatesAdmission(CStateFacts facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /** A CStates object on CREATE or UPDATE. */
  public RuleResult check(CStates cr) {
    String name = cr.getMetadata() == null ? "" : cr.getMetadata().getName();
    CStatesSpec spec = cr.getSpec() == null ? new CStatesSpec() : cr.getSpec();
    Map<String, NodeIdleFacts> nodes = facts.powerNodes().orElse(Map.of());
    List<NodeIdleFacts> targets = targets(cr, nodes);
    Map<String, Set<String>> others = new TreeMap<>();
    for (CStates other : facts.cstates()) {
      if (other.getMetadata() == null || Objects.equals(other.getMetadata().getName(), name)) {
        continue;
      }
      Set<String> its = new TreeSet<>();
      targets(other, nodes).forEach(n -> its.add(n.node()));
      others.put(other.getMetadata().getName(), its);
    }
    return CStateRules.checkCStates(
        name,
        spec.getNodeSelector() != null,
        targets,
        facts.powerNodes().map(Map::keySet).orElse(null),
        spec.getSharedPoolCStates(),
        spec.getExclusivePoolCStates(),
        spec.getIndividualCoreCStates(),
        facts.profiles().orElse(null),
        others);
  }

  /** A profile's {@code cstates}, judged on every power node (a profile may run on any). */
  public RuleResult checkProfile(PowerProfile cr) {
    ProfileCStates cstates = cr.getSpec() == null ? null : cr.getSpec().getCstates();
    if (cstates == null) {
      return RuleResult.ok();
    }
    return CStateRules.checkProfile(
        true,
        cstates.getNames(),
        cstates.getMaxLatencyUs(),
        facts.powerNodes().map(Map::values).map(List::copyOf).orElse(List.of()));
  }

  /** Deleting a profile: denied while a CStates object names it in exclusivePoolCStates. */
  public RuleResult checkProfileDelete(String profile) {
    Map<String, Set<String>> keys = new TreeMap<>();
    for (CStates c : facts.cstates()) {
      if (c.getSpec() != null && c.getSpec().getExclusivePoolCStates() != null) {
        keys.put(c.getMetadata().getName(), c.getSpec().getExclusivePoolCStates().keySet());
      }
    }
    return CStateRules.checkProfileDelete(profile, keys);
  }

  private List<NodeIdleFacts> targets(CStates cr, Map<String, NodeIdleFacts> nodes) {
    return nodes.values().stream()
        .filter(n -> CStatesConversion.targets(cr, n.node(), facts.nodeLabels(n.node())))
        .toList();
  }
}
