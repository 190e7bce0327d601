package io.powermanager.agent.uncore;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.api.v1alpha1.UncoreState;
import io.powermanager.domain.tuning.PlannedWrite;
import io.powermanager.domain.uncore.UncorePlanner;
import io.powermanager.domain.uncore.UncoreWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node reports about its uncore domains after a convergence: PowerNode {@code
 * status.uncore} (values as read back), the {@code UncoreUnsupported} condition, and the Events for
 * the Uncore object (a bound clamped into a domain's range, a domain refused or a write the kernel
 * refused). Pure.
 */
public final class UncoreReport {

  /** Condition type on the PowerNode when an Uncore selects a node without the driver. */
  public static final String UNCORE_UNSUPPORTED = "UncoreUnsupported";

  /**
   * Condition type on the PowerNode saying what it made of the Uncore that selects it: reason
   * {@code Applied}, {@code Clamped} (True) or {@code Refused} (False). The manager aggregates it
   * into the Uncore object's status.
   */
  public static final String UNCORE_APPLIED = "UncoreApplied";

  /** Event reason: a value was moved into a domain's initial range. */
  public static final String CLAMPED = "UncoreClamped";

  /** Event reason: a domain was not written (empty window, or the kernel refused a write). */
  public static final String REFUSED = "UncoreRefused";

  private UncoreReport() {}

  /** One Event for the Uncore object. */
  public record Event(String reason, String message) {}

  /** {@code status.uncore}: each planned domain with its limits as they now are. */
  public static List<UncoreState> status(UncoreTuning.Plan plan, ApplyResult applied) {
    Map<String, String> now = new HashMap<>();
    for (PlannedWrite w : applied.written()) {
      now.put(w.path(), w.value());
    }
    for (ApplyResult.Mismatch m : applied.mismatches()) {
      now.put(m.write().path(), m.readBack());
    }
    List<UncoreState> out = new ArrayList<>();
    for (UncorePlanner.Target t : plan.targets()) {
      String dir = t.domain().dir();
      UncoreWindow seen = plan.observed().get(dir);
      UncoreWindow original = plan.originals().get(dir);
      long min = value(now, t.domain().path() + "min_freq_khz", seen.minKhz());
      long max = value(now, t.domain().path() + "max_freq_khz", seen.maxKhz());
      Long current =
          plan.currentKhz().containsKey(dir)
              ? Math.min(max, Math.max(min, plan.currentKhz().get(dir)))
              : null;
      out.add(new UncoreState(dir, min, max, current, original.minKhz(), original.maxKhz()));
    }
    return out;
  }

  private static long value(Map<String, String> now, String path, long otherwise) {
    try {
      return Optional.ofNullable(now.get(path))
          .map(v -> Long.parseLong(v.strip()))
          .orElse(otherwise);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /**
   * {@code UncoreUnsupported} (True) when an Uncore selects this node but it has no uncore domain;
   * otherwise nothing (the condition is not set on nodes nobody asked to tune).
   */
  public static List<ConditionSpec> conditions(boolean selected, boolean hasDomains) {
    if (selected && !hasDomains) {
      return List.of(
          ConditionSpec.isTrue(
              UNCORE_UNSUPPORTED,
              "NoUncoreDriver",
              "an Uncore selects this node but it has no intel_uncore_frequency directory; nothing"
                  + " written"));
    }
    if (selected) {
      return List.of(
          ConditionSpec.isFalse(UNCORE_UNSUPPORTED, "UncoreDriverPresent", "uncore domains found"));
    }
    return List.of();
  }

  /**
   * {@code UncoreApplied} when an Uncore selects this node and it has uncore domains: {@code
   * Refused} (False) when a domain was not written or the object is invalid, else {@code Clamped}
   * (True) when a value was moved into a domain's range, else {@code Applied} (True).
   */
  public static List<ConditionSpec> applied(
      String object,
      boolean hasDomains,
      UncoreTuning.Plan plan,
      ApplyResult applied,
      List<String> selectionProblems) {
    if (!hasDomains) {
      return List.of();
    }
    List<String> refused = new ArrayList<>(selectionProblems);
    refused.addAll(plan.refused());
    for (ApplyResult.Failure f : applied.failures()) {
      if (f.write().path().startsWith(UncoreDiscovery.ROOT + "/")) {
        refused.add("the kernel refused " + f);
      }
    }
    if (!refused.isEmpty()) {
      return List.of(
          ConditionSpec.isFalse(
              UNCORE_APPLIED, "Refused", "Uncore " + object + ": " + String.join("; ", refused)));
    }
    if (!plan.clamped().isEmpty()) {
      return List.of(
          ConditionSpec.isTrue(
              UNCORE_APPLIED,
              "Clamped",
              "Uncore " + object + ": " + String.join("; ", plan.clamped())));
    }
    return List.of(
        ConditionSpec.isTrue(
            UNCORE_APPLIED,
            "Applied",
            "Uncore " + object + " holds on " + plan.targets().size() + " domain(s)"));
  }

  /** The Events for the Uncore object of this node. */
  public static List<Event> events(
      String node, UncoreTuning.Plan plan, ApplyResult applied, List<String> selectionProblems) {
    List<Event> out = new ArrayList<>();
    plan.clamped().forEach(c -> out.add(new Event(CLAMPED, "node " + node + ": " + c)));
    plan.refused().forEach(r -> out.add(new Event(REFUSED, "node " + node + ": " + r)));
    for (ApplyResult.Failure f : applied.failures()) {
      if (f.write().path().startsWith(UncoreDiscovery.ROOT + "/")) {
        out.add(new Event(REFUSED, "node " + node + ": the kernel refused " + f));
      }
    }
    selectionProblems.forEach(p -> out.add(new Event(REFUSED, "node " + node + ": " + p)));
    return out;
  }
}
