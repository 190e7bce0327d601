package io.powermanager.domain.cstates;

import io.powermanager.domain.RuleResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The admission rules for C-states, once for the webhook and {@code validate}; the agent re-checks
 * what it can. State names are judged against the targeted power nodes' idle states: unknown on
 * every one is rejected, unknown on some is a warning.
 */
public final class CStateRules {

  /** The most states a {@code names} map may hold. */
  public static final int MAX_NAMES = 16;

  /** The largest {@code maxLatencyUs}. */
  public static final long MAX_LATENCY_US = 1_000_000;

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,5}");

  private CStateRules() {}

  /**
   * Parses a profile's {@code cstates} after its rules hold.
   *
   * @return empty when neither field is set
   */
  public static Optional<CStateRequest> request(Map<String, Boolean> names, Long maxLatencyUs) {
    if (names != null && !names.isEmpty()) {
      return Optional.of(new CStateRequest.Names(names));
    }
    if (maxLatencyUs != null && maxLatencyUs >= 0) {
      return Optional.of(new CStateRequest.MaxLatency(maxLatencyUs));
    }
    return Optional.empty();
  }

  /**
   * {@code PowerProfile.spec.cstates}.
   *
   * @param present whether {@code cstates} is set at all
   * @param names may be null
   * @param maxLatencyUs may be null
   * @param nodes the power nodes the profile may run on
   */
  public static RuleResult checkProfile(
      boolean present,
      Map<String, Boolean> names,
      Long maxLatencyUs,
      Collection<NodeIdleFacts> nodes) {
    RuleResult.Builder out = new RuleResult.Builder();
    if (!present) {
      return out.build();
    }
    String field = "spec.cstates";
    if (names != null && maxLatencyUs != null) {
      out.violation(
          field,
          "set either names or maxLatencyUs, not both (names "
              + new TreeMap<>(names).keySet()
              + ", maxLatencyUs "
              + maxLatencyUs
              + ")");
      return out.build();
    }
    if (names == null && maxLatencyUs == null) {
      out.violation(field, "cstates needs names or maxLatencyUs");
      return out.build();
    }
    if (maxLatencyUs != null) {
      if (maxLatencyUs < 0 || maxLatencyUs > MAX_LATENCY_US) {
        out.violation(
            field + ".maxLatencyUs",
            maxLatencyUs + " is out of range; use 0 to " + MAX_LATENCY_US + " microseconds");
      }
    } else {
      if (names.isEmpty()) {
        out.violation(field + ".names", "names is empty; name 1 to " + MAX_NAMES + " states");
      } else if (names.size() > MAX_NAMES) {
        out.violation(
            field + ".names",
            names.size() + " states named; at most " + MAX_NAMES + " are allowed");
      }
      checkStates(field + ".names", names, nodes, out);
    }
    nodes.stream()
        .filter(n -> !n.hasCpuidle())
        .map(NodeIdleFacts::node)
        .sorted()
        .forEach(
            n ->
                out.warning(
                    "node "
                        + n
                        + " has no cpuidle driver; the profile's cstates are not applied there"));
    return out.build();
  }

  /**
   * A CStates object.
   *
   * @param name its {@code metadata.name}
   * @param hasNodeSelector whether it sets {@code nodeSelector}
   * @param targets the power nodes it targets (the node named, or those its selector selects)
   * @param powerNodes every power node's name; null when unknown (offline validation)
   * @param sharedPool {@code sharedPoolCStates}, may be null
   * @param exclusivePools {@code exclusivePoolCStates}, may be null
   * @param individualCores {@code individualCoreCStates} with their keys as written, may be null
   * @param profiles the names of the existing PowerProfiles; null when unknown
   * @param others the other CStates objects by name, with the nodes each targets
   */
  public static RuleResult checkCStates(
      String name,
      boolean hasNodeSelector,
      Collection<NodeIdleFacts> targets,
      Set<String> powerNodes,
      Map<String, Boolean> sharedPool,
      Map<String, Map<String, Boolean>> exclusivePools,
      Map<String, Map<String, Boolean>> individualCores,
      Set<String> profiles,
      Map<String, Set<String>> others) {
    RuleResult.Builder out = new RuleResult.Builder();
    if (!hasNodeSelector && powerNodes != null && !powerNodes.contains(name)) {
      out.violation(
          "metadata.name",
          "\""
              + name
              + "\" is not a power node (known: "
              + (powerNodes.isEmpty() ? "none" : String.join(", ", new TreeSet<>(powerNodes)))
              + "); name the CStates after its node or set nodeSelector");
    }
    if (sharedPool != null) {
      checkStates("spec.sharedPoolCStates", sharedPool, targets, out);
    }
    if (exclusivePools != null) {
      for (var e : new TreeMap<>(exclusivePools).entrySet()) {
        String field = "spec.exclusivePoolCStates[" + e.getKey() + "]";
        if (profiles != null && !profiles.contains(e.getKey())) {
          out.violation(
              field,
              "\""
                  + e.getKey()
                  + "\" is not an existing PowerProfile (known: "
                  + (profiles.isEmpty() ? "none" : String.join(", ", new TreeSet<>(profiles)))
                  + ")");
        }
        checkStates(field, e.getValue(), targets, out);
      }
    }
    if (individualCores != null) {
      for (var e : new TreeMap<>(individualCores).entrySet()) {
        String key = e.getKey();
        String field = "spec.individualCoreCStates[" + key + "]";
        if (!DECIMAL.matcher(key).matches()) {
          out.violation(field, "\"" + key + "\" is not a decimal CPU id");
          continue;
        }
        int cpu = Integer.parseInt(key);
        List<String> offline = new ArrayList<>();
        List<String> reserved = new ArrayList<>();
        for (NodeIdleFacts n : sorted(targets)) {
          if (!n.online().contains(cpu)) {
            offline.add(n.node() + " (online " + n.online() + ")");
          } else if (n.reserved().contains(cpu)) {
            reserved.add(n.node());
          }
        }
        if (!offline.isEmpty()) {
          out.violation(field, "cpu " + cpu + " is not online on " + String.join(", ", offline));
        }
        if (!reserved.isEmpty()) {
          out.warning(
              field
                  + ": cpu "
                  + cpu
                  + " is reserved by the kubelet on "
                  + String.join(", ", reserved)
                  + "; its idle states change although its frequency is never tuned");
        }
        checkStates(field, e.getValue(), targets, out);
      }
    }
    Set<String> mine = new TreeSet<>();
    targets.forEach(t -> mine.add(t.node()));
    for (var other : new TreeMap<>(others).entrySet()) {
      if (other.getKey().equals(name)) {
        continue;
      }
      Set<String> both = new TreeSet<>(other.getValue());
      both.retainAll(mine);
      if (!both.isEmpty()) {
        out.violation(
            hasNodeSelector ? "spec.nodeSelector" : "metadata.name",
            "CStates "
                + other.getKey()
                + " already targets node "
                + String.join(", ", both)
                + "; one CStates object per node");
      }
    }
    return out.build();
  }

  /**
   * Deleting a PowerProfile: denied while a CStates object names it in {@code
   * exclusivePoolCStates}.
   *
   * @param cstates CStates name → its {@code exclusivePoolCStates} keys
   */
  public static RuleResult checkProfileDelete(String profile, Map<String, Set<String>> cstates) {
    Objects.requireNonNull(profile, "profile");
    List<String> users =
        new TreeMap<>(cstates)
            .entrySet().stream()
                .filter(e -> e.getValue().contains(profile))
                .map(Map.Entry::getKey)
                .toList();
    if (users.isEmpty()) {
      return RuleResult.ok();
    }
    return new RuleResult.Builder()
        .violation(
            "metadata.name",
            "power profile \""
                + profile
                + "\" is named in exclusivePoolCStates of CStates "
                + String.join(", ", users)
                + "; remove it there first")
        .build();
  }

  /** C0, names unknown on every (or some) target, and shallow-off-deep-on warnings. */
  static void checkStates(
      String field,
      Map<String, Boolean> states,
      Collection<NodeIdleFacts> targets,
      RuleResult.Builder out) {
    if (states == null) {
      return;
    }
    List<NodeIdleFacts> withIdle =
        sorted(targets).stream().filter(NodeIdleFacts::hasCpuidle).toList();
    for (var e : new TreeMap<>(states).entrySet()) {
      String state = e.getKey();
      if (e.getValue() == null) {
        out.violation(field + "." + state, "needs true (enabled) or false (disabled)");
        continue;
      }
      if ("C0".equalsIgnoreCase(state)) {
        out.violation(
            field + "." + state,
            "C0 is the running state, not an idle state; name one of " + known(withIdle));
        continue;
      }
      List<String> lacking =
          withIdle.stream().filter(n -> n.state(state).isEmpty()).map(NodeIdleFacts::node).toList();
      if (!withIdle.isEmpty() && lacking.size() == withIdle.size()) {
        out.violation(
            field + "." + state,
            "\""
                + state
                + "\" is not an idle state of any targeted node; they have "
                + known(withIdle));
      } else if (!lacking.isEmpty()) {
        out.warning(
            field
                + "."
                + state
                + ": \""
                + state
                + "\" is not an idle state of node "
                + String.join(", ", lacking)
                + "; it is ignored there");
      }
      if (!e.getValue() && "POLL".equals(state)) {
        out.warning(
            field
                + ".POLL: disabling POLL makes even the shortest idle periods enter C1 or deeper");
      }
    }
    // shallow off while a deeper one stays on (the kernel may still pick the deeper one)
    for (NodeIdleFacts n : withIdle) {
      List<IdleState> table = n.states();
      for (int i = 0; i < table.size(); i++) {
        if (!Boolean.FALSE.equals(states.get(table.get(i).name()))) {
          continue;
        }
        for (int j = i + 1; j < table.size(); j++) {
          if (!Boolean.FALSE.equals(states.get(table.get(j).name()))) {
            out.warning(
                field
                    + ": "
                    + table.get(i).name()
                    + " is disabled while the deeper "
                    + table.get(j).name()
                    + " is left enabled; the kernel's idle governor may still pick "
                    + table.get(j).name());
            return;
          }
        }
      }
    }
  }

  private static String known(List<NodeIdleFacts> nodes) {
    Set<String> names = new java.util.LinkedHashSet<>();
    nodes.forEach(n -> n.states().forEach(s -> names.add(s.name())));
    return names.isEmpty() ? "(no node reports idle states)" : String.join(", ", names);
  }

  private static List<NodeIdleFacts> sorted(Collection<NodeIdleFacts> nodes) {
    return nodes.stream().sorted(java.util.Comparator.comparing(NodeIdleFacts::node)).toList();
  }

  /** Whether a key of {@code individualCoreCStates} is a decimal CPU id. */
  public static Optional<Integer> cpuId(String key) {
    return key != null && DECIMAL.matcher(key).matches()
        ? Optional.of(Integer.parseInt(key))
        : Optional.empty();
  }
}
