package io.powermanager.domain.rules;

import io.powermanager.domain.Quantity;
import io.powermanager.domain.power.PowerNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutation "adds base profile resources": a pod annotated {@code power.intel.com/profile:
 * <name>} gets {@code power.intel.com/<name>} equal to its CPU count, in requests and limits, on
 * every container that has an integer, Guaranteed CPU request and no power resource yet.
 * Idempotent: applying it to its own result changes nothing.
 */
public final class ProfileAnnotation {

  /** The annotation a pod uses to ask for a profile without naming the resource. */
  public static final String KEY = PowerNames.GROUP + "/profile";

  private ProfileAnnotation() {}

  /** The profile the annotation names, when present and not blank. */
  public static Optional<String> profile(PodView pod) {
    String value = pod.annotations().get(KEY);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The pod's containers after the mutation (the same list when nothing changes). */
  public static List<ContainerView> apply(PodView pod) {
    Optional<String> profile = profile(pod);
    if (profile.isEmpty()) {
      return pod.containers();
    }
    String resource = PowerNames.resourceName(profile.get());
    List<ContainerView> out = new ArrayList<>(pod.containers().size());
    for (ContainerView c : pod.containers()) {
      Optional<Long> cpus = exclusiveCpus(c);
      if (cpus.isEmpty() || PodRules.requestsPower(c)) {
        out.add(c);
        continue;
      }
      Map<String, String> requests = new HashMap<>(c.requests());
      Map<String, String> limits = new HashMap<>(c.limits());
      requests.put(resource, Long.toString(cpus.get()));
      limits.put(resource, Long.toString(cpus.get()));
      out.add(new ContainerView(c.name(), requests, limits));
    }
    return out;
  }

  /** The CPU count of a container whose CPU request is a whole number equal to its limit. */
  static Optional<Long> exclusiveCpus(ContainerView c) {
    String limit = c.limits().get(PodRules.CPU);
    Optional<Quantity> l = Quantity.parse(limit);
    Optional<Quantity> r = Quantity.parse(c.effectiveRequest(PodRules.CPU));
    if (l.isEmpty() || r.isEmpty() || !r.get().sameAmount(l.get())) {
      return Optional.empty();
    }
    if (!l.get().isInteger() || !l.get().isPositive()) {
      return Optional.empty();
    }
    return Optional.of(l.get().longValue());
  }
}
