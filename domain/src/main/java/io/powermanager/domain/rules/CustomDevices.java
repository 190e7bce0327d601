package io.powermanager.domain.rules;

import io.powermanager.domain.KubernetesNames;
import io.powermanager.domain.Quantity;
import io.powermanager.domain.power.PowerNames;
import java.util.List;
import java.util.Optional;

/**
 * PowerConfig {@code customDevices}: extended resources a device plugin hands out as CPUs (e.g.
 * StarlingX's {@code windriver.com/isolcpus}). A container requesting a whole number of them gets
 * its CPUs from the plugin, so it need not be Guaranteed with integer CPUs; its profile units must
 * equal its device units. Pure.
 */
public final class CustomDevices {

  private CustomDevices() {}

  /** Why {@code name} cannot be a custom device; empty when it can. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("a custom device needs a resource name such as windriver.com/isolcpus");
    }
    if ("cpu".equals(name) || "memory".equals(name)) {
      return Optional.of("\"" + name + "\" is a native resource, not a device plugin's");
    }
    if (PowerNames.isPowerResource(name)) {
      return Optional.of(
          "\"" + name + "\" is a power profile resource; list the device plugin's resource");
    }
    int slash = name.indexOf('/');
    String domain = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0
        || !KubernetesNames.isQualifiedName(name)
        || !KubernetesNames.isQualifiedName("requests." + name)
        || domain.equals("kubernetes.io")
        || domain.endsWith(".kubernetes.io")) {
      return Optional.of(
          "\""
              + name
              + "\" is not an extended resource name (a domain outside kubernetes.io, a slash and"
              + " a name, e.g. windriver.com/isolcpus)");
    }
    return Optional.empty();
  }

  /**
   * The whole device units {@code c} requests of {@code devices} (request, or limit when only a
   * limit is set), summed; empty when it requests none, or any of them is not a whole number.
   */
  public static Optional<Long> units(ContainerView c, List<String> devices) {
    long sum = 0;
    boolean any = false;
    for (String d : devices) {
      String amount = c.effectiveRequest(d);
      if (amount == null) {
        continue;
      }
      Optional<Quantity> q = Quantity.parse(amount);
      if (q.isEmpty() || !q.get().isInteger() || !q.get().isPositive()) {
        return Optional.empty();
      }
      sum += q.get().value().longValueExact();
      any = true;
    }
    return any ? Optional.of(sum) : Optional.empty();
  }

  /** The devices {@code c} requests, comma-joined, for messages. */
  static String named(ContainerView c, List<String> devices) {
    return String.join(
        ", ", devices.stream().filter(d -> c.effectiveRequest(d) != null).sorted().toList());
  }
}
