package io.powermanager.domain.pod;

import io.powermanager.domain.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a pod takes from a node, by kube-scheduler's rule ({@code PodRequests} in {@code
 * k8s.io/component-helpers/resource/helpers.go}, used by the {@code NodeResourcesFit} plugin for
 * cpu, memory and extended resources alike):
 *
 * <ol>
 *   <li>the sum over the app containers and the sidecars (init containers with {@code
 *       restartPolicy: Always}, which keep running beside the app);
 *   <li>raised, resource by resource, to any non-sidecar init container's request plus the sidecars
 *       started before it (init containers run one at a time, beside the sidecars already up);
 *   <li>plus the pod overhead.
 * </ol>
 *
 * Amounts are whole numbers in whatever unit the caller chose per resource (millicores, bytes, a
 * count). Sums saturate at {@link Long#MAX_VALUE} instead of wrapping, so an absurd pod never looks
 * small. Pure.
 */
public final class PodDemand {

  /** Where a container sits in the pod spec. */
  public enum Kind {
    /** {@code spec.containers}. */
    APP,
    /** {@code spec.initContainers}. */
    INIT
  }

  /**
   * One container's requests.
   *
   * @param name the container's name, for messages
   * @param kind app or init container
   * @param restartPolicy the container's own {@code restartPolicy} ({@code Always} makes an init
   *     container a sidecar), or null
   * @param requests resource name to amount (the API server refuses negative ones)
   */
  public record Container(
      String name, Kind kind, String restartPolicy, Map<String, Long> requests) {

    public Container {
      Objects.requireNonNull(kind, "kind");
      requests = Map.copyOf(requests);
    }

    public static Container app(String name, Map<String, Long> requests) {
      return new Container(name, Kind.APP, null, requests);
    }

    public static Container init(String name, String restartPolicy, Map<String, Long> requests) {
      return new Container(name, Kind.INIT, restartPolicy, requests);
    }

    /** An init container that keeps running beside the app containers. */
    public boolean isSidecar() {
      return kind == Kind.INIT && "Always".equals(restartPolicy);
    }
  }

  private PodDemand() {}

  /**
   * The pod's requests by resource, sorted by resource name; a resource no container requests is
   * absent.
   *
   * @param containers app and init containers; init containers in the order the pod lists them (app
   *     containers may be anywhere in the list)
   * @param overhead the pod overhead ({@code spec.overhead}), empty when none
   */
  public static SortedMap<String, Long> requests(
      List<Container> containers, Map<String, Long> overhead) {
    SortedMap<String, Long> sum = new TreeMap<>();
    SortedMap<String, Long> sidecars = new TreeMap<>();
    SortedMap<String, Long> initPeak = new TreeMap<>();
    for (Container c : containers) {
      if (c.kind() == Kind.APP) {
        c.requests().forEach((r, n) -> sum.merge(r, n, PodDemand::add));
      } else if (c.isSidecar()) {
        c.requests().forEach((r, n) -> sidecars.merge(r, n, PodDemand::add));
      } else {
        c.requests()
            .forEach((r, n) -> initPeak.merge(r, add(n, sidecars.getOrDefault(r, 0L)), Math::max));
      }
    }
    sidecars.forEach((r, n) -> sum.merge(r, n, PodDemand::add));
    initPeak.forEach((r, n) -> sum.merge(r, n, Math::max));
    overhead.forEach((r, n) -> sum.merge(r, n, PodDemand::add));
    return sum;
  }

  /**
   * A count of an extended resource ({@code power.intel.com/performance: "4"}): the quantity as a
   * whole number from 0 to {@link Long#MAX_VALUE}; empty when it is no quantity, has a fraction, is
   * negative or is too large to count ({@code 1e308}, {@code 9223372036854775808}), so the caller
   * refuses it with the field and value instead of reading a wrapped number.
   */
  public static OptionalLong wholeCount(String quantity) {
    return Quantity.parse(quantity) // empty beyond 2^63-1, as Kubernetes refuses such quantities
        .filter(q -> q.isInteger() && q.value().signum() >= 0)
        .map(q -> OptionalLong.of(q.longValue()))
        .orElse(OptionalLong.empty());
  }

  /** {@code a + b}, saturated at the bounds of a long. */
  private static long add(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) { // overflow: both had the sign the sum lost
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
