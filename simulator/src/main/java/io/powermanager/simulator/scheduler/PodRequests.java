package io.powermanager.simulator.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.domain.pod.PodDemand;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a pod requests, by kube-scheduler's rule ({@link PodDemand}: app containers and sidecars,
 * raised to any init container plus the sidecars before it, plus the pod overhead). Units: {@code
 * cpu} in millicores, everything else in its base unit (bytes for memory, a count for extended
 * resources), rounded up. Pure.
 */
public final class PodRequests {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";

  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private PodRequests() {}

  /** The pod's requests by resource name; resources it does not request are absent. */
  public static Map<String, Long> of(Pod pod) {
    PodSpec spec = Objects.requireNonNullElseGet(pod.getSpec(), PodSpec::new);
    List<PodDemand.Container> containers = new ArrayList<>();
    for (Container c : list(spec.getInitContainers())) {
      containers.add(PodDemand.Container.init(c.getName(), c.getRestartPolicy(), requests(c)));
    }
    for (Container c : list(spec.getContainers())) {
      containers.add(PodDemand.Container.app(c.getName(), requests(c)));
    }
    return PodDemand.requests(containers, amounts(spec.getOverhead()));
  }

  /** One quantity in this class's units, held at the largest long rather than wrapped. */
  public static long amount(String resource, Quantity quantity) {
    BigDecimal value = Quantity.getAmountInBytes(quantity);
    if (CPU.equals(resource)) {
      value = value.multiply(BigDecimal.valueOf(1000));
    }
    return value.min(MAX).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static Map<String, Long> requests(Container c) {
    return c.getResources() == null ? Map.of() : amounts(c.getResources().getRequests());
  }

  private static Map<String, Long> amounts(Map<String, Quantity> quantities) {
    Map<String, Long> result = new TreeMap<>();
    if (quantities != null) {
      quantities.forEach((k, v) -> result.put(k, amount(k, v)));
    }
    return result;
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
