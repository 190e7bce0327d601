package io.powermanager.domain.rules;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules for PowerWorkload create and update (DESIGN.md §4), on the one model of both versions.
 * What differs by the request's version: in v1alpha1 a workload is shared ({@code allCores})
 * exactly when its name starts with {@code shared-} (the seed's contract); v1 has no name rule
 * (Intel v2.5). In both, a shared workload's {@code powerNodeSelector} may select any number of
 * nodes, and a node has at most one shared workload: a second one selecting it is denied, naming
 * both.
 */
public final class WorkloadRules {

  private static final int NODES_SHOWN = 5;

  private WorkloadRules() {}

  /** Checks a workload submitted in v1alpha1. */
  public static RuleResult check(WorkloadView w, PowerCatalog catalog) {
    return check(w, catalog, ApiVersion.V1ALPHA1);
  }

  /** Checks a workload submitted in {@code version}. */
  public static RuleResult check(WorkloadView w, PowerCatalog catalog, ApiVersion version) {
    RuleResult.Builder out = new RuleResult.Builder();
    String name = w.metadataName();
    if (w.specName() != null && !w.specName().isEmpty() && !w.specName().equals(name)) {
      out.violation(
          "spec.name",
          "\""
              + w.specName()
              + "\" differs from metadata.name \""
              + name
              + "\"; they must be equal");
    }
    boolean sharedName = PowerNames.isSharedWorkloadName(name);
    boolean nameRule = version == ApiVersion.V1ALPHA1;
    if (nameRule && w.allCores() && !sharedName) {
      out.violation(
          "metadata.name",
          "\""
              + name
              + "\" has allCores: true, which makes it a node's shared workload; its name must"
              + " start with \"shared-\"");
    }
    if (nameRule && !w.allCores() && sharedName) {
      out.violation(
          "spec.allCores",
          "\""
              + name
              + "\" is named as a shared workload but allCores is not true; set allCores: true or"
              + " rename it");
    }
    checkProfile(w, catalog, out);
    checkCpuIds("spec.reservedCPUs", w.reservedCpus(), out);
    if (w.allCores()) {
      checkSharedSelector(w, catalog, out);
      checkReservedGroups(w, catalog, out);
    } else {
      if (!w.reservedCpus().isEmpty() || !w.reservedGroups().isEmpty()) {
        out.violation(
            "spec.reservedCPUs", "only a shared workload (allCores: true) has reserved CPUs");
      }
      checkCpuIds("spec.nodeInfo.cpuIds", w.cpuIds(), out);
    }
    return out.build();
  }

  private static void checkProfile(WorkloadView w, PowerCatalog catalog, RuleResult.Builder out) {
    String profile = w.powerProfile();
    if (profile == null || profile.isBlank()) {
      out.violation("spec.powerProfile", "a workload needs a powerProfile");
      return;
    }
    if (!catalog.knowsProfiles()) {
      return;
    }
    Optional<PowerProfile> p = catalog.profile(profile);
    if (p.isEmpty()) {
      out.violation("spec.powerProfile", "power profile \"" + profile + "\" does not exist");
    } else if (w.allCores() && !p.get().isShared()) {
      out.violation(
          "spec.powerProfile",
          "power profile \""
              + profile
              + "\" is not a shared profile; a shared workload needs one (shared: true, or epp:"
              + " power in v1alpha1)");
    } else if (!w.allCores() && p.get().isShared()) {
      out.violation(
          "spec.powerProfile",
          "power profile \""
              + profile
              + "\" is a shared profile; only a shared workload (allCores: true) can use it");
    }
  }

  private static void checkSharedSelector(
      WorkloadView w, PowerCatalog catalog, RuleResult.Builder out) {
    if (w.powerNodeSelector().isEmpty()) {
      out.violation(
          "spec.powerNodeSelector",
          "is empty; a shared workload must select its nodes (e.g. kubernetes.io/hostname:"
              + " <node>, or a label many nodes carry)");
      return;
    }
    RuleResult.Builder selector = new RuleResult.Builder();
    Selectors.check("spec.powerNodeSelector", w.powerNodeSelector(), selector);
    out.violations(selector.build().violations());
    if (selector.hasViolations() || !catalog.knowsNodes()) {
      return;
    }
    List<String> nodes = catalog.nodesMatching(w.powerNodeSelector());
    if (nodes.isEmpty()) {
      out.violation(
          "spec.powerNodeSelector",
          Selectors.print(w.powerNodeSelector())
              + " selects no power node; a shared workload must select at least one");
      return;
    }
    Map<String, List<String>> nodesByOther = new TreeMap<>();
    for (String node : nodes) {
      catalog
          .sharedWorkloadOn(node, w.metadataName())
          .ifPresent(
              other -> nodesByOther.computeIfAbsent(other, o -> new ArrayList<>()).add(node));
    }
    nodesByOther.forEach(
        (other, shared) ->
            out.violation(
                "spec.powerNodeSelector",
                Selectors.print(w.powerNodeSelector())
                    + " selects "
                    + (shared.size() == 1 ? "node " : "nodes ")
                    + shown(shared)
                    + ", already selected by shared workload \""
                    + other
                    + "\"; a node has at most one shared workload, so \""
                    + w.metadataName()
                    + "\" and \""
                    + other
                    + "\" cannot both select "
                    + (shared.size() == 1 ? "it" : "them")));
  }

  private static String shown(List<String> nodes) {
    return "\""
        + String.join("\", \"", nodes.subList(0, Math.min(NODES_SHOWN, nodes.size())))
        + "\""
        + (nodes.size() > NODES_SHOWN ? " and " + (nodes.size() - NODES_SHOWN) + " more" : "");
  }

  /** Each group's cores are CPU ids in no other group; its profile exists and is not shared. */
  private static void checkReservedGroups(
      WorkloadView w, PowerCatalog catalog, RuleResult.Builder out) {
    Map<Long, Integer> groupOf = new HashMap<>();
    for (int g = 0; g < w.reservedGroups().size(); g++) {
      ReservedGroup group = w.reservedGroups().get(g);
      String field = "spec.reservedCPUGroups[" + g + "]";
      if (group.cores().isEmpty()) {
        out.violation(field + ".cores", "a reserved group needs at least one CPU");
      }
      checkCpuIds(field + ".cores", group.cores(), out);
      for (Long cpu : new HashSet<>(group.cores())) {
        if (cpu == null) {
          continue;
        }
        Integer earlier = groupOf.putIfAbsent(cpu, g);
        if (earlier != null && earlier != g) {
          out.violation(
              field + ".cores",
              "CPU "
                  + cpu
                  + " is also in spec.reservedCPUGroups["
                  + earlier
                  + "]; a CPU runs one"
                  + " profile");
        }
      }
      String profile = group.powerProfile();
      if (profile == null || profile.isBlank() || !catalog.knowsProfiles()) {
        continue;
      }
      Optional<PowerProfile> p = catalog.profile(profile);
      if (p.isEmpty()) {
        out.violation(field + ".powerProfile", "power profile \"" + profile + "\" does not exist");
      } else if (p.get().isShared()) {
        out.violation(
            field + ".powerProfile",
            "power profile \""
                + profile
                + "\" is a shared profile; reserved CPUs run an exclusive one (e.g."
                + " performance)");
      }
    }
  }

  private static void checkCpuIds(String field, List<Long> ids, RuleResult.Builder out) {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      Long id = ids.get(i);
      if (id == null || id < 0 || id > CpuSet.MAX_CPU) {
        out.violation(field + "[" + i + "]", id + " is not a CPU id (0-" + CpuSet.MAX_CPU + ")");
      } else if (!seen.add(id)) {
        out.violation(field + "[" + i + "]", "CPU " + id + " is listed twice");
      }
    }
  }
}
