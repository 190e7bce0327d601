package io.powermanager.extender.capacity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.domain.pod.PodDemand;
import io.powermanager.domain.power.PowerNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many CPUs of each power profile a pod takes from a node, by kube-scheduler's rule ({@link
 * PodDemand}). A container's amount is its request, or its limit when no request is given (the API
 * server's default). Immutable.
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

  /**
   * Reads a pod's power requests. Amounts that are not whole numbers from 0 to 2^63 - 1 are left
   * out and described in {@code problems}, naming the container, the resource and the value (the
   * API server never stores such a pod; a request can still carry one).
   */
  public static PowerDemand of(Pod pod, List<String> problems) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return NONE;
    }
    List<PodDemand.Container> containers = new ArrayList<>();
    add(containers, spec.getInitContainers(), PodDemand.Kind.INIT, problems);
    add(containers, spec.getContainers(), PodDemand.Kind.APP, problems);
    TreeMap<String, Long> positive = new TreeMap<>();
    Map<String, Long> overhead = profiles(spec.getOverhead(), "spec.overhead", problems);
    PodDemand.requests(containers, overhead)
        .forEach(
            (profile, cpus) -> {
              if (cpus > 0) {
                positive.put(profile, cpus);
              }
            });
    return positive.isEmpty() ? NONE : new PowerDemand(positive);
  }

  private static void add(
      List<PodDemand.Container> into,
      List<Container> containers,
      PodDemand.Kind kind,
      List<String> problems) {
    if (containers == null) {
      return;
    }
    String field = kind == PodDemand.Kind.APP ? "spec.containers" : "spec.initContainers";
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      Map<String, Long> cpus = cpus(c, field + "[" + i + "]", problems);
      into.add(new PodDemand.Container(c.getName(), kind, c.getRestartPolicy(), cpus));
    }
  }

  /** Profile to CPUs of one container. */
  private static Map<String, Long> cpus(Container c, String field, List<String> problems) {
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
    return profiles(asked, field + " (container \"" + c.getName() + "\")", problems);
  }

  /** Profile to CPUs of the power resources among {@code quantities}. */
  private static Map<String, Long> profiles(
      Map<String, Quantity> quantities, String field, List<String> problems) {
    if (quantities == null) {
      return Map.of();
    }
    TreeMap<String, Long> out = new TreeMap<>();
    quantities.forEach(
        (resource, q) -> {
          if (!PowerNames.isPowerResource(resource)) {
            return;
          }
          String profile = PowerNames.profileOf(resource).orElse("");
          String text = q == null ? "" : PodConversion.text(q);
          OptionalLong count = PodDemand.wholeCount(text);
          if (profile.isEmpty() || count.isEmpty()) {
            problems.add(
                field
                    + ": resource "
                    + resource
                    + " = \""
                    + text
                    + "\" is not a whole number of CPUs of a profile (0 to "
                    + Long.MAX_VALUE
                    + ")");
            return;
          }
          out.put(profile, count.getAsLong());
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
