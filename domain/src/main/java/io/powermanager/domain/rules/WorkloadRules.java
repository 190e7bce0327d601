package io.powermanager.domain.rules;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules for PowerWorkload create and update (DESIGN.md §4). */
public final class WorkloadRules {

  private static final int NODES_SHOWN = 5;

  private WorkloadRules() {}

  public static RuleResult check(WorkloadView w, PowerCatalog catalog) {
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
    if (w.allCores() && !sharedName) {
      out.violation(
          "metadata.name",
          "\""
              + name
              + "\" has allCores: true, which makes it a node's shared workload; its name must"
              + " start with \"shared-\"");
    }
    if (!w.allCores() && sharedName) {
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
    } else {
      if (!w.reservedCpus().isEmpty()) {
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
              + "\" has epp "
              + p.get().epp()
              + "; a shared workload needs a profile with epp: power");
    } else if (!w.allCores() && p.get().isShared()) {
      out.violation(
          "spec.powerProfile",
          "power profile \""
              + profile
              + "\" has epp: power; only a shared workload (allCores: true) can use it");
    }
  }

  private static void checkSharedSelector(
      WorkloadView w, PowerCatalog catalog, RuleResult.Builder out) {
    if (w.powerNodeSelector().isEmpty()) {
      out.violation(
          "spec.powerNodeSelector",
          "is empty; a shared workload must select exactly one node (e.g."
              + " kubernetes.io/hostname: <node>)");
      return;
    }
    RuleResult.Builder selector = new RuleResult.Builder();
    Selectors.check("spec.powerNodeSelector", w.powerNodeSelector(), selector);
    out.violations(selector.build().violations());
    if (selector.hasViolations() || !catalog.knowsNodes()) {
      return;
    }
    List<String> nodes = catalog.nodesMatching(w.powerNodeSelector());
    if (nodes.size() != 1) {
      String which =
          nodes.isEmpty()
              ? ""
              : " ("
                  + String.join(", ", nodes.subList(0, Math.min(NODES_SHOWN, nodes.size())))
                  + (nodes.size() > NODES_SHOWN ? ", ..." : "")
                  + ")";
      out.violation(
          "spec.powerNodeSelector",
          Selectors.print(w.powerNodeSelector())
              + " selects "
              + nodes.size()
              + (nodes.size() == 1 ? " node" : " nodes")
              + which
              + "; a shared workload must select exactly one");
      return;
    }
    String node = nodes.get(0);
    catalog
        .sharedWorkloadOn(node, w.metadataName())
        .ifPresent(
            other ->
                out.violation(
                    "spec.powerNodeSelector",
                    "node \""
                        + node
                        + "\" already has shared workload \""
                        + other
                        + "\"; a node has one shared workload"));
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
