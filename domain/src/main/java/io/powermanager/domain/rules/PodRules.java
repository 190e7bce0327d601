package io.powermanager.domain.rules;

import io.powermanager.domain.Quantity;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rules for a pod that asks for power profiles (DESIGN.md §4): per container, the profile units
 * equal the integer CPU request equal the CPU limit; the pod is Guaranteed; at most one profile per
 * container; the profile exists and is not a shared one. Every violation is reported at once, each
 * naming the container, the profile and the numbers. A container with a whole number of a
 * PowerConfig {@code customDevices} resource (device-plugin CPUs) need not be Guaranteed; its
 * profile units equal its device units instead.
 */
public final class PodRules {

  static final String CPU = "cpu";
  static final String MEMORY = "memory";
  private static final List<String> GUARANTEED = List.of(CPU, MEMORY);

  private PodRules() {}

  /** Whether any container or init container of the pod requests a power profile. */
  public static boolean requestsPower(PodView pod) {
    return anyRequestsPower(pod.containers()) || anyRequestsPower(pod.initContainers());
  }

  private static boolean anyRequestsPower(List<ContainerView> containers) {
    for (ContainerView c : containers) {
      if (requestsPower(c)) {
        return true;
      }
    }
    return false;
  }

  static boolean requestsPower(ContainerView c) {
    return namesPower(c.requests()) || namesPower(c.limits());
  }

  private static boolean namesPower(Map<String, String> resources) {
    for (String name : resources.keySet()) {
      if (PowerNames.isPowerResource(name)) {
        return true;
      }
    }
    return false;
  }

  /** The distinct power resources a container names in its requests or limits, sorted. */
  public static TreeSet<String> powerResources(ContainerView c) {
    TreeSet<String> names = new TreeSet<>();
    addPower(c.requests(), names);
    addPower(c.limits(), names);
    return names;
  }

  private static void addPower(Map<String, String> resources, TreeSet<String> names) {
    for (String name : resources.keySet()) {
      if (PowerNames.isPowerResource(name)) {
        names.add(name);
      }
    }
  }

  /** Checks a pod; a pod that requests no power profile is always allowed. */
  public static RuleResult check(PodView pod, PowerCatalog catalog) {
    if (!requestsPower(pod)) {
      return RuleResult.ok();
    }
    RuleResult.Builder out = new RuleResult.Builder();
    checkContainers(pod.initContainers(), "spec.initContainers", catalog, out, true);
    checkContainers(pod.containers(), "spec.containers", catalog, out, false);
    if ("kube-system".equals(pod.namespace())) {
      out.warning(
          "pod in kube-system requests a power profile; system pods usually run on reserved CPUs,"
              + " which are never tuned");
    }
    return out.build();
  }

  private static void checkContainers(
      List<ContainerView> containers,
      String listPath,
      PowerCatalog catalog,
      RuleResult.Builder out,
      boolean init) {
    for (int i = 0; i < containers.size(); i++) {
      ContainerView c = containers.get(i);
      Field field = new Field(listPath, i, c.name());
      Optional<Long> deviceUnits = CustomDevices.units(c, catalog.customDevices());
      if (deviceUnits.isEmpty()) {
        checkGuaranteed(c, field, out); // device-plugin CPUs need no Guaranteed QoS
      }
      if (!requestsPower(c)) {
        continue;
      }
      TreeSet<String> power = powerResources(c);
      if (init) {
        out.warning(
            "init container \""
                + c.name()
                + "\" requests "
                + String.join(", ", power)
                + "; init containers are not tuned, their CPUs go to the app containers");
      }
      if (power.size() > 1) {
        out.violation(
            field.path(),
            "requests "
                + power.size()
                + " power profiles ("
                + String.join(", ", power)
                + "); a container may use only one");
      }
      for (String resource : power) {
        checkProfileUnits(c, field, resource, deviceUnits, catalog.customDevices(), out);
        checkProfileExists(resource, field, catalog, out);
      }
    }
  }

  /** Guaranteed QoS: cpu and memory requests present, positive and equal to the limits. */
  private static void checkGuaranteed(ContainerView c, Field field, RuleResult.Builder out) {
    for (String resource : GUARANTEED) {
      String limit = c.limits().get(resource);
      String request = c.effectiveRequest(resource);
      if (limit == null) {
        out.violation(
            field.path(),
            resource
                + " limit is missing; a pod that uses power profiles must be Guaranteed (cpu and"
                + " memory requests equal to limits in every container)");
        continue;
      }
      Optional<Quantity> l = Quantity.parse(limit);
      Optional<Quantity> r = Quantity.parse(request);
      if (l.isEmpty() || r.isEmpty()) {
        String bad = l.isEmpty() ? limit : request;
        out.violation(field.path(), unreadable(c, resource, l.isEmpty(), bad));
        continue;
      }
      if (!l.get().isPositive()) {
        out.violation(field.path(), resource + " limit " + limit + " must be positive");
      } else if (!r.get().sameAmount(l.get())) {
        out.violation(
            field.path(),
            resource
                + " request "
                + request
                + " differs from its limit "
                + limit
                + "; a pod that uses power profiles must be Guaranteed (requests equal to limits)");
      }
    }
  }

  /**
   * Profile units: whole, request equal to limit, equal to the integer CPU request — or, for a
   * container with custom-device CPUs, to its summed device units.
   */
  private static void checkProfileUnits(
      ContainerView c,
      Field field,
      String resource,
      Optional<Long> deviceUnits,
      List<String> devices,
      RuleResult.Builder out) {
    String limit = c.limits().get(resource);
    String request = c.requests().get(resource);
    if (limit == null) {
      out.violation(
          field.path(),
          resource
              + " is requested ("
              + request
              + ") but has no limit; set the limit equal to the request");
      return;
    }
    String effective = request != null ? request : limit;
    Optional<Quantity> units = Quantity.parse(effective);
    Optional<Quantity> unitsLimit = Quantity.parse(limit);
    if (units.isEmpty() || unitsLimit.isEmpty()) {
      boolean badRequest = units.isEmpty();
      out.violation(
          field.path(), unreadable(c, resource, !badRequest, badRequest ? effective : limit));
      return;
    }
    if (!units.get().sameAmount(unitsLimit.get())) {
      out.violation(
          field.path(),
          resource
              + " request "
              + effective
              + " differs from its limit "
              + limit
              + "; they must be equal");
      return;
    }
    if (!units.get().isInteger() || !units.get().isPositive()) {
      out.violation(
          field.path(),
          resource + " is " + effective + "; profile units must be a whole number of CPUs above 0");
      return;
    }
    if (deviceUnits.isPresent()) {
      if (units.get().value().compareTo(java.math.BigDecimal.valueOf(deviceUnits.get())) != 0) {
        out.violation(
            field.path(),
            deviceUnits.get()
                + " "
                + CustomDevices.named(c, devices)
                + " requested but "
                + resource
                + " is "
                + units.get().value().toPlainString()
                + "; they must be equal");
      }
      return;
    }
    String cpuLimit = c.limits().get(CPU);
    Optional<Quantity> cpu = Quantity.parse(c.effectiveRequest(CPU));
    if (cpuLimit == null || cpu.isEmpty()) {
      return; // reported by checkGuaranteed
    }
    if (!cpu.get().isInteger()) {
      out.violation(
          field.path(),
          "cpu request "
              + c.effectiveRequest(CPU)
              + " is not a whole number of CPUs; "
              + resource
              + " needs exclusive cores, which only integer CPU requests get");
      return;
    }
    if (!cpu.get().sameAmount(units.get())) {
      out.violation(
          field.path(),
          cpu.get().value().toPlainString()
              + " CPUs requested but "
              + resource
              + " is "
              + units.get().value().toPlainString()
              + "; they must be equal");
    }
  }

  /**
   * {@code cpu limit "1e308" is out of range (at most 9223372036854775807)}: the resource, which of
   * its request or limit, the value and why it cannot be read ({@link Quantity#problem}).
   */
  private static String unreadable(ContainerView c, String resource, boolean limit, String value) {
    String which = limit || !c.requests().containsKey(resource) ? " limit \"" : " request \"";
    return resource + which + value + "\" " + Quantity.problem(value);
  }

  private static void checkProfileExists(
      String resource, Field field, PowerCatalog catalog, RuleResult.Builder out) {
    String name = PowerNames.profileOf(resource).orElse("");
    if (!PowerNames.isValidProfileName(name)) {
      out.violation(field.path(), resource + " does not name a valid power profile");
      return;
    }
    if (!catalog.knowsProfiles()) {
      return;
    }
    Optional<PowerProfile> profile = catalog.profile(name);
    if (profile.isEmpty()) {
      out.violation(field.path(), "power profile \"" + name + "\" does not exist");
      return;
    }
    if (profile.get().isShared()) {
      out.violation(
          field.path(),
          "power profile \""
              + name
              + "\" is a shared profile and tunes the shared pool; containers cannot request it");
      return;
    }
    HardwareWindow.beyondEveryNode(profile.get(), catalog)
        .ifPresent(
            reason ->
                out.warning("power profile \"" + name + "\" " + reason + "; no node can tune it"));
  }

  /**
   * Where a violation is: {@code spec.containers[0] "app"}, built only when a violation is recorded
   * (most containers have none).
   */
  private record Field(String listPath, int index, String container) {
    String path() {
      return listPath + "[" + index + "] \"" + container + "\"";
    }
  }
}
