package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.domain.power.PowerNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Who uses a set of profiles: pods that request one of them ({@code power.intel.com/<profile>} in
 * any container's requests or limits) and PowerWorkloads that run one. Pods that have finished no
 * longer count. Pure.
 */
public final class ProfileUsers {

  private ProfileUsers() {}

  /**
   * {@code pod <ns>/<name>} and {@code PowerWorkload <name>} entries, sorted; empty when unused.
   */
  public static List<String> of(
      Set<String> profiles, Collection<Pod> pods, Collection<PowerWorkload> workloads) {
    TreeSet<String> users = new TreeSet<>();
    for (Pod pod : pods) {
      if (isFinished(pod)) {
        continue;
      }
      if (requested(pod).stream().anyMatch(profiles::contains)) {
        users.add("pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
      }
    }
    for (PowerWorkload w : workloads) {
      if (w.getSpec() == null) {
        continue;
      }
      boolean uses = profiles.contains(w.getSpec().getPowerProfile());
      if (!uses && w.getSpec().getNodeInfo() != null) {
        List<WorkloadContainer> containers = w.getSpec().getNodeInfo().getContainers();
        uses =
            containers != null
                && containers.stream().anyMatch(c -> profiles.contains(c.getPowerProfile()));
      }
      if (uses) {
        users.add("PowerWorkload " + w.getMetadata().getName());
      }
    }
    return new ArrayList<>(users);
  }

  /** The profiles a pod's containers request. */
  public static Set<String> requested(Pod pod) {
    Set<String> out = new TreeSet<>();
    if (pod.getSpec() == null) {
      return out;
    }
    Stream.concat(
            pod.getSpec().getContainers() == null
                ? Stream.empty()
                : pod.getSpec().getContainers().stream(),
            pod.getSpec().getInitContainers() == null
                ? Stream.empty()
                : pod.getSpec().getInitContainers().stream())
        .map(Container::getResources)
        .filter(r -> r != null)
        .forEach(
            r -> {
              names(r.getRequests(), out);
              names(r.getLimits(), out);
            });
    return out;
  }

  /** Sums up a list of users for a message: the first few, then how many more. */
  public static String summary(List<String> users, int shown) {
    if (users.size() <= shown) {
      return String.join(", ", users);
    }
    return String.join(", ", users.subList(0, shown)) + " and " + (users.size() - shown) + " more";
  }

  private static void names(Map<String, Quantity> resources, Set<String> out) {
    if (resources != null) {
      resources.keySet().forEach(k -> PowerNames.profileOf(k).ifPresent(out::add));
    }
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
