package io.powermanager.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod's QoS class as the kubelet computes it (contracts §4.5): only {@code cpu} and {@code
 * memory} count, zero quantities are ignored, and a request that is absent while its limit is set
 * is taken to equal the limit (the API server's defaulting, which a bare mock does not do).
 */
public enum QosClass {
  /** Every container (init and app) has non-zero cpu and memory limits equal to its requests. */
  GUARANTEED,
  /** Not Guaranteed, but some container has a cpu or memory request or limit. */
  BURSTABLE,
  /** No container has any cpu or memory request or limit. */
  BEST_EFFORT;

  private static final List<String> COMPUTE = List.of("cpu", "memory");

  /** The pod's class from its spec; {@code status.qosClass} is not consulted. */
  public static QosClass of(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null) {
      all.addAll(Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of()));
      all.addAll(Objects.requireNonNullElse(pod.getSpec().getContainers(), List.of()));
    }
    boolean anySet = false;
    boolean guaranteed = true;
    for (Container container : all) {
      for (String resource : COMPUTE) {
        Optional<BigDecimal> limit = amount(container, resource, false);
        Optional<BigDecimal> request = amount(container, resource, true).or(() -> limit);
        anySet |= limit.isPresent() || request.isPresent();
        if (limit.isEmpty() || request.isEmpty() || limit.get().compareTo(request.get()) != 0) {
          guaranteed = false;
        }
      }
    }
    if (!anySet) {
      return BEST_EFFORT;
    }
    return guaranteed ? GUARANTEED : BURSTABLE;
  }

  /**
   * The container's cpu request (defaulted from its limit) when it is a whole number of CPUs, else
   * empty. Only meaningful for containers of a {@link #GUARANTEED} pod.
   */
  static Optional<Integer> integerCpuRequest(Container container) {
    Optional<BigDecimal> cpu =
        amount(container, "cpu", true).or(() -> amount(container, "cpu", false));
    return cpu.filter(q -> q.stripTrailingZeros().scale() <= 0).map(BigDecimal::intValueExact);
  }

  /** The whole positive amount of {@code resource} the container requests (or limits). */
  static Optional<Integer> integerRequest(Container container, String resource) {
    return amount(container, resource, true)
        .or(() -> amount(container, resource, false))
        .filter(q -> q.stripTrailingZeros().scale() <= 0)
        .map(BigDecimal::intValueExact);
  }

  /** A positive amount of the resource from requests or limits; empty when absent or zero. */
  private static Optional<BigDecimal> amount(
      Container container, String resource, boolean request) {
    ResourceRequirements resources = container.getResources();
    if (resources == null) {
      return Optional.empty();
    }
    Map<String, Quantity> values = request ? resources.getRequests() : resources.getLimits();
    if (values == null || values.get(resource) == null) {
      return Optional.empty();
    }
    BigDecimal value = values.get(resource).getNumericalAmount();
    return value.signum() > 0 ? Optional.of(value) : Optional.empty();
  }
}
