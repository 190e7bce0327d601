package io.powermanager.domain.schedule;

import io.powermanager.domain.uncore.UncoreRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A PowerSchedule or an Intel TimeOfDay as plain values, for the rules and the engine. The two
 * kinds differ only in field names ({@link Kind}) and in how they pick nodes ({@link Target}).
 *
 * @param kind which kind it came from
 * @param namespace its namespace
 * @param name its name
 * @param target the nodes it applies to
 * @param timeZone the IANA zone as written (null or blank: UTC)
 * @param entries the entries as written, in order
 */
public record ScheduleView(
    Kind kind,
    String namespace,
    String name,
    Target target,
    String timeZone,
    List<EntryView> entries) {

  /** The most entries one schedule may hold. */
  public static final int MAX_ENTRIES = 48;

  public ScheduleView {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  /** The two kinds and their field names. */
  public enum Kind {
    POWER_SCHEDULE("PowerSchedule", "entries", "at", "sharedProfile", "profileOverrides", "to"),
    TIME_OF_DAY("TimeOfDay", "schedule", "time", "powerProfile", "pods", "target");

    private final String kindName;
    final String entries;
    final String at;
    final String sharedProfile;
    final String overrides;
    final String to;

    Kind(
        String kindName,
        String entries,
        String at,
        String sharedProfile,
        String overrides,
        String to) {
      this.kindName = kindName;
      this.entries = entries;
      this.at = at;
      this.sharedProfile = sharedProfile;
      this.overrides = overrides;
      this.to = to;
    }

    public String kindName() {
      return kindName;
    }
  }

  /** Which nodes a schedule applies to. */
  public sealed interface Target {
    boolean selects(String node, Map<String, String> labels);
  }

  /** Intel's TimeOfDay: the node its {@code metadata.name} names. */
  public record NodeNamed(String node) implements Target {
    @Override
    public boolean selects(String node, Map<String, String> labels) {
      return this.node.equals(node);
    }

    @Override
    public String toString() {
      return "node " + node;
    }
  }

  /** A PowerSchedule's {@code nodeSelector}; an empty selector selects no node. */
  public record Selected(LabelSelector selector) implements Target {
    @Override
    public boolean selects(String node, Map<String, String> labels) {
      return !selector.isEmpty() && selector.matches(labels);
    }

    @Override
    public String toString() {
      return "nodeSelector " + selector;
    }
  }

  /**
   * One entry as written.
   *
   * @param at its start time text
   * @param days its day names (empty: every day)
   * @param sharedProfile the Shared pool's profile while active (null: unchanged)
   * @param overrides the pod retunes while active
   * @param cstates its C-state layer as written (a CStates spec), or null
   * @param uncore its uncore layer as written (an Uncore spec, named after the schedule), or null
   */
  public record EntryView(
      String at,
      List<String> days,
      String sharedProfile,
      List<OverrideView> overrides,
      CStatesLayer cstates,
      UncoreRules.Request uncore) {
    public EntryView {
      days = days == null ? List.of() : List.copyOf(days);
      overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /** The entry without layers: the Shared pool's profile and pod retunes only. */
    public EntryView(
        String at, List<String> days, String sharedProfile, List<OverrideView> overrides) {
      this(at, days, sharedProfile, overrides, null, null);
    }
  }

  /**
   * An entry's C-state layer as written, with Intel's CStates field names; maps may be null.
   *
   * @param hasNodeSelector whether it sets {@code nodeSelector} (a layer applies to the schedule's
   *     nodes, so admission rejects one)
   */
  public record CStatesLayer(
      Map<String, Boolean> sharedPool,
      Map<String, Map<String, Boolean>> exclusivePools,
      Map<String, Map<String, Boolean>> individualCores,
      boolean hasNodeSelector) {}

  /**
   * Retune the CPUs of pods matching {@code podSelector} (running {@code from}, any profile when
   * null) to {@code to}; extended-resource accounting stays on the requested profile.
   */
  public record OverrideView(LabelSelector podSelector, String from, String to) {}

  /** {@code PowerSchedule ns/name}. */
  public String describe() {
    return kind.kindName() + " " + namespace + "/" + name;
  }

  public boolean sameObject(ScheduleView other) {
    return kind == other.kind
        && Objects.equals(namespace, other.namespace)
        && Objects.equals(name, other.name);
  }
}
