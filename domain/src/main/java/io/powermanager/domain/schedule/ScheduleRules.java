package io.powermanager.domain.schedule;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.Violation;
import io.powermanager.domain.cstates.CStateRules;
import io.powermanager.domain.cstates.NodeIdleFacts;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.uncore.UncoreRules;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for PowerSchedule and TimeOfDay: what makes one parse into a {@link Schedule} (the
 * agent runs only those), and what admission checks against the cluster on top. Pure.
 */
public final class ScheduleRules {

  private ScheduleRules() {}

  /** A schedule the engine can run, or why not. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(Schedule<ScheduleView.EntryView> schedule) implements Parsed {}

  public record Invalid(List<Violation> violations) implements Parsed {
    public Invalid {
      violations = List.copyOf(violations);
    }
  }

  /**
   * Parses the zone, the times and the days: an unknown zone, a malformed or unanchored time, an
   * unknown day, two entries starting at the same time on one day, no entry or more than {@link
   * ScheduleView#MAX_ENTRIES} make it invalid.
   */
  public static Parsed parse(ScheduleView view) {
    ScheduleView.Kind k = view.kind();
    RuleResult.Builder out = new RuleResult.Builder();
    Optional<ZoneId> zone = ScheduleText.zone(view.timeZone());
    if (zone.isEmpty()) {
      out.violation("spec.timeZone", "\"" + view.timeZone() + "\" is not a known IANA time zone");
    }
    List<ScheduleView.EntryView> entries = view.entries();
    if (entries.isEmpty()) {
      out.violation("spec." + k.entries, "at least one entry is required");
    } else if (entries.size() > ScheduleView.MAX_ENTRIES) {
      out.violation(
          "spec." + k.entries,
          entries.size() + " entries; at most " + ScheduleView.MAX_ENTRIES + " are allowed");
    }
    List<Schedule.Entry<ScheduleView.EntryView>> parsed = new ArrayList<>();
    Map<DayOfWeek, Map<LocalTime, Integer>> seen = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      ScheduleView.EntryView e = entries.get(i);
      String field = "spec." + k.entries + "[" + i + "]";
      Optional<LocalTime> at = ScheduleText.at(e.at());
      if (at.isEmpty()) {
        out.violation(
            field + "." + k.at,
            "\"" + e.at() + "\" is not a time of day; write HH:MM or HH:MM:SS (00:00 to 23:59:59)");
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String d : e.days()) {
        Optional<DayOfWeek> day = ScheduleText.day(d);
        if (day.isEmpty()) {
          out.violation(
              field + ".days", "\"" + d + "\" is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun");
        } else {
          days.add(day.get());
        }
      }
      if (e.days().isEmpty()) {
        days = EnumSet.allOf(DayOfWeek.class);
      }
      if (at.isEmpty() || days.isEmpty()) {
        continue;
      }
      for (DayOfWeek day : days) {
        Integer earlier = seen.computeIfAbsent(day, x -> new HashMap<>()).putIfAbsent(at.get(), i);
        if (earlier != null) {
          out.violation(
              field + "." + k.at,
              "\""
                  + e.at()
                  + "\" on "
                  + ScheduleText.dayName(day)
                  + " is also the start of "
                  + k.entries
                  + "["
                  + earlier
                  + "]; two entries cannot start at the same time on one day");
          break;
        }
      }
      parsed.add(new Schedule.Entry<>(i, at.get(), days, e));
    }
    RuleResult result = out.build();
    if (!result.allowed()) {
      return new Invalid(result.violations());
    }
    return new Valid(new Schedule<>(zone.orElseThrow(), parsed));
  }

  /**
   * Checks a created or updated schedule: {@link #parse}, the node selection, the profiles it names
   * (when the catalog knows them; {@code to} must not be a shared profile), and that no other
   * schedule of either kind applies to one of its nodes.
   *
   * @param others every other schedule of both kinds (the object itself is skipped)
   * @param nodeLabels every node's labels by name; null when the nodes are unknown (offline), then
   *     only schedules for the same named node or the same selector are found to collide
   */
  public static RuleResult check(
      ScheduleView view,
      PowerCatalog catalog,
      List<ScheduleView> others,
      Map<String, Map<String, String>> nodeLabels) {
    ScheduleView.Kind k = view.kind();
    RuleResult.Builder out = new RuleResult.Builder();
    if (parse(view) instanceof Invalid invalid) {
      out.violations(invalid.violations());
    }
    String targetField =
        k == ScheduleView.Kind.POWER_SCHEDULE ? "spec.nodeSelector" : "metadata.name";
    if (view.target() instanceof ScheduleView.Selected s) {
      if (s.selector().isEmpty()) {
        out.violation(
            targetField, "a nodeSelector with at least one label or expression is required");
      }
      s.selector().check(targetField, out);
    }
    for (int i = 0; i < view.entries().size(); i++) {
      checkEntry(view, i, catalog, nodeLabels, out);
    }
    for (ScheduleView other : others) {
      if (other.sameObject(view)) {
        continue;
      }
      sharedNode(view, other, nodeLabels)
          .ifPresent(
              node ->
                  out.violation(
                      targetField,
                      node
                          + " is already scheduled by "
                          + other.describe()
                          + "; one schedule (PowerSchedule or TimeOfDay) per node"));
    }
    return out.build();
  }

  private static void checkEntry(
      ScheduleView view,
      int i,
      PowerCatalog catalog,
      Map<String, Map<String, String>> nodeLabels,
      RuleResult.Builder out) {
    ScheduleView.Kind k = view.kind();
    ScheduleView.EntryView e = view.entries().get(i);
    String field = "spec." + k.entries + "[" + i + "]";
    if (e.sharedProfile() != null) {
      known(field + "." + k.sharedProfile, e.sharedProfile(), catalog, out);
    }
    for (int j = 0; j < e.overrides().size(); j++) {
      ScheduleView.OverrideView o = e.overrides().get(j);
      String of = field + "." + k.overrides + "[" + j + "]";
      String selectorField =
          of + (k == ScheduleView.Kind.POWER_SCHEDULE ? ".podSelector" : ".labels");
      if (o.podSelector() == null || o.podSelector().isEmpty()) {
        out.violation(
            selectorField, "a pod selector with at least one label or expression is required");
      } else {
        o.podSelector().check(selectorField, out);
      }
      if (o.from() != null) {
        known(of + ".from", o.from(), catalog, out);
      }
      if (o.to() == null || o.to().isBlank()) {
        out.violation(of + "." + k.to, "the profile to retune the pods to is required");
      } else {
        known(of + "." + k.to, o.to(), catalog, out)
            .filter(PowerProfile::isShared)
            .ifPresent(
                p ->
                    out.violation(
                        of + "." + k.to,
                        "\""
                            + o.to()
                            + "\" is a shared profile (epp power); pods' exclusive CPUs cannot be"
                            + " retuned to it"));
      }
    }
    String layerField = field + (k == ScheduleView.Kind.POWER_SCHEDULE ? ".cstates" : ".cState");
    if (e.cstates() != null) {
      ScheduleView.CStatesLayer c = e.cstates();
      if (c.hasNodeSelector()) {
        out.violation(
            layerField + ".nodeSelector",
            "a schedule's C-state layer applies to the schedule's nodes; remove nodeSelector");
      }
      if (c.exclusivePools() != null) {
        c.exclusivePools().keySet().stream()
            .sorted()
            .forEach(p -> known(layerField + ".exclusivePoolCStates[" + p + "]", p, catalog, out));
      }
      List<NodeIdleFacts> targets =
          catalog.idleNodes().stream().filter(n -> selects(view, n.node(), nodeLabels)).toList();
      RuleResult layer =
          CStateRules.checkCStates(
              view.name(),
              true,
              targets,
              null,
              c.sharedPool(),
              c.exclusivePools(),
              c.individualCores(),
              null,
              Map.of());
      within(layerField, layer, out);
    }
    if (e.uncore() != null) {
      String uncoreField = field + ".uncore";
      if (!e.uncore().nodeSelector().isEmpty()) {
        out.violation(
            uncoreField + ".nodeSelector",
            "a schedule's uncore layer applies to the schedule's nodes; remove nodeSelector");
      }
      List<UncoreRules.PowerNodeView> targets =
          catalog.uncoreNodes().stream()
              .filter(n -> view.target().selects(n.name(), n.labels()))
              .toList();
      within(uncoreField, UncoreRules.checkOn(e.uncore(), targets), out);
    }
  }

  /** Whether the schedule applies to {@code node}, by the labels known for it. */
  private static boolean selects(
      ScheduleView view, String node, Map<String, Map<String, String>> nodeLabels) {
    Map<String, String> labels = nodeLabels == null ? null : nodeLabels.get(node);
    return view.target().selects(node, labels == null ? Map.of() : labels);
  }

  /** A layer's rule result with its {@code spec.} fields moved under {@code field}. */
  private static void within(String field, RuleResult layer, RuleResult.Builder out) {
    for (Violation v : layer.violations()) {
      out.violation(relocate(field, v.field()), v.message());
    }
    layer.warnings().forEach(w -> out.warning(relocate(field, w)));
  }

  private static String relocate(String field, String text) {
    if (text.equals("spec")) {
      return field;
    }
    return text.startsWith("spec.") ? field + "." + text.substring("spec.".length()) : text;
  }

  private static Optional<PowerProfile> known(
      String field, String name, PowerCatalog catalog, RuleResult.Builder out) {
    if (!catalog.knowsProfiles()) {
      return Optional.empty();
    }
    Optional<PowerProfile> p = catalog.profile(name);
    if (p.isEmpty()) {
      out.violation(field, "power profile \"" + name + "\" does not exist");
    }
    return p;
  }

  /** A node both schedules apply to, described, or empty. */
  static Optional<String> sharedNode(
      ScheduleView a, ScheduleView b, Map<String, Map<String, String>> nodeLabels) {
    if (nodeLabels != null) {
      return nodeLabels.entrySet().stream()
          .filter(n -> a.target().selects(n.getKey(), n.getValue()))
          .filter(n -> b.target().selects(n.getKey(), n.getValue()))
          .map(n -> "node " + n.getKey())
          .sorted()
          .findFirst();
    }
    if (a.target() instanceof ScheduleView.NodeNamed n && a.target().equals(b.target())) {
      return Optional.of("node " + n.node());
    }
    if (a.target() instanceof ScheduleView.Selected s && a.target().equals(b.target())) {
      return Optional.of("every node of nodeSelector " + s.selector());
    }
    return Optional.empty();
  }

  /** Where schedules name {@code profile}: {@code PowerSchedule ns/x spec.entries[0].to}. */
  public static List<String> usersOf(String profile, List<ScheduleView> schedules) {
    List<String> users = new ArrayList<>();
    for (ScheduleView s : schedules) {
      ScheduleView.Kind k = s.kind();
      for (int i = 0; i < s.entries().size(); i++) {
        ScheduleView.EntryView e = s.entries().get(i);
        String field = s.describe() + " spec." + k.entries + "[" + i + "]";
        if (profile.equals(e.sharedProfile())) {
          users.add(field + "." + k.sharedProfile);
        }
        for (int j = 0; j < e.overrides().size(); j++) {
          ScheduleView.OverrideView o = e.overrides().get(j);
          if (profile.equals(o.to()) || profile.equals(o.from())) {
            users.add(field + "." + k.overrides + "[" + j + "]");
          }
        }
      }
    }
    return users;
  }

  /** A profile a schedule names may not be deleted. */
  public static RuleResult checkProfileDelete(String profile, List<ScheduleView> schedules) {
    List<String> users = usersOf(profile, schedules);
    if (users.isEmpty()) {
      return RuleResult.ok();
    }
    return RuleResult.of(
        List.of(
            new Violation(
                "metadata.name",
                "power profile \""
                    + profile
                    + "\" is named by "
                    + String.join(", ", users)
                    + "; change or delete the schedule first")));
  }
}
