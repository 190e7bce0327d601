package io.powermanager.api.convert;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.cstates.CStateRequest;
import io.powermanager.domain.cstates.CStateRules;
import io.powermanager.domain.cstates.CStatesConfig;
import io.powermanager.domain.cstates.IdleState;
import io.powermanager.domain.cstates.NodeIdleFacts;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** CStates objects and {@code PowerProfile.spec.cstates} onto the domain. */
public final class CStatesConversion {

  private CStatesConversion() {}

  /** A profile's {@code cstates}, when set and well-formed (names XOR maxLatencyUs). */
  public static Optional<CStateRequest> request(ProfileCStates cstates) {
    if (cstates == null) {
      return Optional.empty();
    }
    Map<String, Boolean> names = cstates.getNames();
    Long max = cstates.getMaxLatencyUs();
    if ((names != null && max != null) || (names != null && names.isEmpty())) {
      return Optional.empty();
    }
    if (names != null && names.values().stream().anyMatch(v -> v == null)) {
      return Optional.empty();
    }
    return CStateRules.request(names, max);
  }

  /** The object's maps on the domain; keys of {@code individualCoreCStates} not decimal dropped. */
  public static CStatesConfig config(CStates cr) {
    return config(cr.getMetadata().getName(), cr.getSpec());
  }

  /** A schedule entry's C-state layer named {@code name} on the domain. */
  public static CStatesConfig config(
      String name, io.powermanager.domain.schedule.ScheduleView.CStatesLayer layer) {
    CStatesSpec spec = new CStatesSpec();
    spec.setSharedPoolCStates(layer.sharedPool());
    spec.setExclusivePoolCStates(layer.exclusivePools());
    spec.setIndividualCoreCStates(layer.individualCores());
    return config(name, spec);
  }

  /** A CStates spec named {@code name} (a schedule entry's C-state layer) on the domain. */
  public static CStatesConfig config(String name, CStatesSpec written) {
    CStatesSpec spec = written == null ? new CStatesSpec() : written;
    Map<Integer, Map<String, Boolean>> cores = new TreeMap<>();
    if (spec.getIndividualCoreCStates() != null) {
      spec.getIndividualCoreCStates()
          .forEach((k, v) -> CStateRules.cpuId(k).ifPresent(cpu -> cores.put(cpu, clean(v))));
    }
    Map<String, Map<String, Boolean>> pools = new TreeMap<>();
    if (spec.getExclusivePoolCStates() != null) {
      spec.getExclusivePoolCStates().forEach((k, v) -> pools.put(k, clean(v)));
    }
    return new CStatesConfig(name, clean(spec.getSharedPoolCStates()), pools, cores);
  }

  private static Map<String, Boolean> clean(Map<String, Boolean> in) {
    Map<String, Boolean> out = new TreeMap<>();
    if (in != null) {
      in.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              out.put(k, v);
            }
          });
    }
    return out;
  }

  /**
   * Whether the object targets the node: by its selector when set, else by its name (Intel's rule).
   */
  public static boolean targets(CStates cr, String node, Map<String, String> nodeLabels) {
    LabelSelector selector = cr.getSpec() == null ? null : cr.getSpec().getNodeSelector();
    if (selector == null) {
      return node.equals(cr.getMetadata().getName());
    }
    return selects(selector, nodeLabels == null ? Map.of() : nodeLabels);
  }

  /**
   * The objects targeting a node, alphabetically (admission allows one; when more exist the first
   * applies).
   */
  public static List<CStates> forNode(
      List<CStates> all, String node, Map<String, String> nodeLabels) {
    return all.stream()
        .filter(c -> c.getMetadata() != null && c.getMetadata().getName() != null)
        .filter(c -> targets(c, node, nodeLabels))
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .toList();
  }

  /**
   * What a PowerNode's status says about its idle states: {@code status.hardware.cstates} (index =
   * position), its CPUs and the kubelet's reserved CPUs.
   */
  public static NodeIdleFacts idleFacts(PowerNode node) {
    List<IdleState> states = new java.util.ArrayList<>();
    CpuSet online = CpuSet.empty();
    var status = node.getStatus();
    if (status != null && status.getHardware() != null) {
      var hw = status.getHardware();
      if (hw.getCstates() != null) {
        int k = 0;
        for (var c : hw.getCstates()) {
          if (c != null && c.getName() != null) {
            long latency = c.getLatencyUs() == null || c.getLatencyUs() < 0 ? 0 : c.getLatencyUs();
            states.add(new IdleState(k, c.getName(), latency));
          }
          k++;
        }
      }
      if (hw.getCpus() != null) {
        try {
          online = CpuSet.parse(hw.getCpus());
        } catch (IllegalArgumentException e) {
          online = CpuSet.empty();
        }
      }
    }
    return new NodeIdleFacts(
        NodeConversion.nodeName(node),
        states,
        online,
        NodeConversion.reservedCpus(node).orElse(CpuSet.empty()));
  }

  /**
   * A Kubernetes LabelSelector over a label map ({@code matchLabels} and {@code matchExpressions}).
   */
  public static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator() == null ? "" : r.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
