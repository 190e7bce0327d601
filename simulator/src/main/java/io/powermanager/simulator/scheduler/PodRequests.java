package io.powermanager.simulator.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pod requests, as kube-scheduler and the kubelet count it: the sum of its app containers'
 * requests, raised to any single init container's request that is larger, plus the pod overhead.
 * Units: {@code cpu} in millicores, everything else in its base unit (bytes for memory, a count for
 * extended resources), rounded up. Pure.
 */
public final class PodRequests {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";

  private PodRequests() {}

  /** The pod's requests by resource name; resources it does not request are absent. */
  public static Map<String, Long> of(Pod pod) {
    Map<String, Long> sum = new TreeMap<>();
    if (pod.getSpec() == null) {
      return sum;
    }
    for (Container c : list(pod.getSpec().getContainers())) {
      requests(c).forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    for (Container c : list(pod.getSpec().getInitContainers())) {
      requests(c).forEach((k, v) -> sum.merge(k, v, Math::max));
    }
    if (pod.getSpec().getOverhead() != null) {
      pod.getSpec().getOverhead().forEach((k, v) -> sum.merge(k, amount(k, v), Long::sum));
    }
    return sum;
  }

  /** One quantity in this class's units. */
  public static long amount(String resource, Quantity quantity) {
    BigDecimal value = Quantity.getAmountInBytes(quantity);
    if (CPU.equals(resource)) {
      value = value.multiply(BigDecimal.valueOf(1000));
    }
    return value.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static Map<String, Long> requests(Container c) {
    Map<String, Long> result = new TreeMap<>();
    if (c.getResources() == null || c.getResources().getRequests() == null) {
      return result;
    }
    c.getResources().getRequests().forEach((k, v) -> result.put(k, amount(k, v)));
    return result;
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
