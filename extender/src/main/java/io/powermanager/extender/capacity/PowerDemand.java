package io.powermanager.extender.capacity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.domain.power.PowerNames;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many CPUs of each power profile a pod takes from a node: per profile the larger of the sum
 * over app containers (plus restartable init containers, the sidecars) and the largest single init
 * container (plus the sidecars started before it) — the way kube-scheduler sums any extended
 * resource. A container's amount is its request, or its limit when no request is given. Immutable.
 *
 * @param cpusByProfile profile name (without the {@code power.intel.com/} prefix) to CPUs, sorted
 *     by profile name, only positive amounts
 */
public record PowerDemand(SortedMap<String, Long> cpusByProfile) {

  private static final PowerDemand NONE = new PowerDemand(new TreeMap<>());

  public PowerDemand {
    cpusByProfile = Collections.unmodifiableSortedMap(new TreeMap<>(cpusByProfile));
  }

  /** A pod that asks for no power profile. */
  public static PowerDemand none() {
    return NONE;
  }

  public static PowerDemand of(Map<String, Long> cpusByProfile) {
    TreeMap<String, Long> positive = new TreeMap<>();
    cpusByProfile.forEach(
        (profile, cpus) -> {
          if (cpus > 0) {
            positive.put(profile, cpus);
          }
        });
    return positive.isEmpty() ? NONE : new PowerDemand(positive);
  }

  /**
   * Reads a pod's power requests. Amounts that are not whole non-negative numbers are left out and
   * described in {@code problems}, naming the container, the resource and the value (the API server
   * never stores such a pod; a request can still carry one).
   */
  public static PowerDemand of(Pod pod, List<String> problems) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return NONE;
    }
    TreeMap<String, Long> appSum = new TreeMap<>();
    add(appSum, spec.getContainers(), "spec.containers", problems);
    TreeMap<String, Long> sidecars = new TreeMap<>();
    TreeMap<String, Long> initPeak = new TreeMap<>();
    List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < inits.size(); i++) {
      Container c = inits.get(i);
      Map<String, Long> own = amounts(c, "spec.initContainers[" + i + "]", problems);
      if ("Always".equals(c.getRestartPolicy())) {
        own.forEach((p, n) -> sidecars.merge(p, n, Long::sum));
      } else {
        own.forEach((p, n) -> initPeak.merge(p, n + sidecars.getOrDefault(p, 0L), Math::max));
      }
    }
    sidecars.forEach((p, n) -> appSum.merge(p, n, Long::sum));
    initPeak.forEach((p, n) -> appSum.merge(p, n, Math::max));
    return of(appSum);
  }

  private static void add(
      Map<String, Long> into, List<Container> containers, String field, List<String> problems) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      amounts(containers.get(i), field + "[" + i + "]", problems)
          .forEach((p, n) -> into.merge(p, n, Long::sum));
    }
  }

  private static Map<String, Long> amounts(Container c, String field, List<String> problems) {
    ResourceRequirements r = c.getResources();
    if (r == null) {
      return Map.of();
    }
    Map<String, Quantity> asked = new TreeMap<>();
    if (r.getLimits() != null) {
      asked.putAll(r.getLimits());
    }
    if (r.getRequests() != null) {
      asked.putAll(r.getRequests()); // a request wins over the limit
    }
    TreeMap<String, Long> out = new TreeMap<>();
    asked.forEach(
        (resource, q) -> {
          if (!PowerNames.isPowerResource(resource)) {
            return;
          }
          String profile = PowerNames.profileOf(resource).orElse("");
          String text = q == null ? "" : PodConversion.text(q);
          var parsed = io.powermanager.domain.Quantity.parse(text);
          if (profile.isEmpty()
              || parsed.isEmpty()
              || !parsed.get().isInteger()
              || parsed.get().value().signum() < 0) {
            problems.add(
                field
                    + " (container \""
                    + c.getName()
                    + "\"): resource "
                    + resource
                    + " = \""
                    + text
                    + "\" is not a whole number of CPUs of a profile");
            return;
          }
          out.put(profile, parsed.get().longValue());
        });
    return out;
  }

  public boolean isEmpty() {
    return cpusByProfile.isEmpty();
  }

  public long cpus(String profile) {
    return cpusByProfile.getOrDefault(profile, 0L);
  }
}
