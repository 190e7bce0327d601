package io.powermanager.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.domain.schedule.ScheduleView.EntryView;
import io.powermanager.domain.schedule.ScheduleView.Kind;
import io.powermanager.domain.schedule.ScheduleView.OverrideView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleRulesTest {

  private static final StaticCatalog CLUSTER =
      StaticCatalog.builder()
          .knowsProfiles()
          .profile(BaseProfile.PERFORMANCE.asProfile())
          .profile(BaseProfile.BALANCE_POWER.asProfile())
          .profile(
              ((PowerProfile.Valid) PowerProfile.of("shared", 1000L, 1500L, "power", null, null))
                  .profile())
          .build();

  private static final Map<String, Map<String, String>> NODES =
      Map.of(
          "node-1", Map.of("kubernetes.io/hostname", "node-1", "tier", "web"),
          "node-2", Map.of("kubernetes.io/hostname", "node-2", "tier", "db"));

  private static EntryView entry(String at, String sharedProfile) {
    return new EntryView(at, List.of(), sharedProfile, List.of(), null, null);
  }

  private static ScheduleView schedule(String zone, EntryView... entries) {
    return new ScheduleView(
        Kind.POWER_SCHEDULE,
        "power-manager",
        "peak",
        new ScheduleView.Selected(LabelSelector.matching(Map.of("tier", "web"))),
        zone,
        List.of(entries));
  }

  private static List<String> violations(ScheduleView view, List<ScheduleView> others) {
    return ScheduleRules.check(view, CLUSTER, others, NODES).violations().stream()
        .map(Object::toString)
        .toList();
  }

  @Test
  void acceptsAPeakAndOffPeakScheduleInDublin() {
    // Given
    ScheduleView view =
        schedule(
            "Europe/Dublin",
            new EntryView(
                "08:00",
                List.of("Mon", "Fri"),
                "balance-power",
                List.of(
                    new OverrideView(
                        LabelSelector.matching(Map.of("power", "true")), null, "performance")),
                null,
                null),
            entry("20:00:30", "shared"));

    // When
    RuleResult result = ScheduleRules.check(view, CLUSTER, List.of(), NODES);

    // Then
    assertThat(result.allowed()).as(result.message()).isTrue();
    assertThat(ScheduleRules.parse(view)).isInstanceOf(ScheduleRules.Valid.class);
  }

  @Test
  void rejectsAnUnknownZoneNamingIt() {
    // When
    List<String> v = violations(schedule("Mars/Olympus", entry("08:00", "shared")), List.of());

    // Then
    assertThat(v).containsExactly("spec.timeZone: \"Mars/Olympus\" is not a known IANA time zone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8:00", "24:00", "08:60", "08:00x", "x08:00", "08:00:60", "0800", ""})
  void rejectsAMalformedOrUnanchoredTime(String at) {
    // When
    List<String> v = violations(schedule("UTC", entry(at, "shared")), List.of());

    // Then
    assertThat(v)
        .singleElement()
        .asString()
        .startsWith("spec.entries[0].at: \"" + at + "\" is not a time of day");
  }

  @Test
  void rejectsTwoEntriesStartingAtTheSameTimeOnOneDay() {
    // Given: 08:00 every day and 08:00:00 on Wednesdays collide on Wednesdays
    EntryView everyDay = entry("08:00", "shared");
    EntryView wednesday =
        new EntryView("08:00:00", List.of("Wed"), "shared", List.of(), null, null);

    // When
    List<String> v = violations(schedule("UTC", everyDay, wednesday), List.of());

    // Then
    assertThat(v)
        .containsExactly(
            "spec.entries[1].at: \"08:00:00\" on Wed is also the start of entries[0]; two entries"
                + " cannot start at the same time on one day");
  }

  @Test
  void acceptsTheSameTimeOnDifferentDays() {
    // When
    List<String> v =
        violations(
            schedule(
                "UTC",
                new EntryView("08:00", List.of("Mon"), "shared", List.of(), null, null),
                new EntryView("08:00", List.of("Tue"), "balance-power", List.of(), null, null)),
            List.of());

    // Then
    assertThat(v).isEmpty();
  }

  @Test
  void rejectsMoreThanFortyEightEntries() {
    // Given
    List<EntryView> entries = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      entries.add(entry(String.format("%02d:%02d", i / 3, (i % 3) * 20), "shared"));
    }

    // When
    List<String> v = violations(schedule("UTC", entries.toArray(EntryView[]::new)), List.of());

    // Then
    assertThat(v).containsExactly("spec.entries: 49 entries; at most 48 are allowed");
  }

  @Test
  void rejectsUnknownProfilesAndASharedProfileAsARetuneTarget() {
    // Given
    EntryView e =
        new EntryView(
            "08:00",
            List.of(),
            "turbo-ish",
            List.of(
                new OverrideView(
                    LabelSelector.matching(Map.of("power", "true")), "nope", "shared")),
            null,
            null);

    // When
    List<String> v = violations(schedule("UTC", e), List.of());

    // Then
    assertThat(v)
        .containsExactly(
            "spec.entries[0].sharedProfile: power profile \"turbo-ish\" does not exist",
            "spec.entries[0].profileOverrides[0].from: power profile \"nope\" does not exist",
            "spec.entries[0].profileOverrides[0].to: \"shared\" is a shared profile (epp power);"
                + " pods' exclusive CPUs cannot be retuned to it");
  }

  @Test
  void rejectsATimeOfDayForANodeAPowerScheduleAlreadySelects() {
    // Given
    ScheduleView existing = schedule("UTC", entry("08:00", "shared"));
    ScheduleView timeOfDay =
        new ScheduleView(
            Kind.TIME_OF_DAY,
            "power-manager",
            "node-1",
            new ScheduleView.NodeNamed("node-1"),
            "Eire",
            List.of(entry("10:04", "balance-power")));

    // When
    List<String> v = violations(timeOfDay, List.of(existing));

    // Then
    assertThat(v)
        .containsExactly(
            "metadata.name: node node-1 is already scheduled by PowerSchedule power-manager/peak;"
                + " one schedule (PowerSchedule or TimeOfDay) per node");
  }

  @Test
  void offlineTwoTimeOfDaysForOneNodeCollide() {
    // Given
    ScheduleView a =
        new ScheduleView(
            Kind.TIME_OF_DAY,
            "ns",
            "node-1",
            new ScheduleView.NodeNamed("node-1"),
            null,
            List.of(entry("10:04", null)));
    ScheduleView b =
        new ScheduleView(
            Kind.TIME_OF_DAY,
            "other",
            "node-1",
            new ScheduleView.NodeNamed("node-1"),
            null,
            List.of(entry("10:04", null)));

    // When
    RuleResult r = ScheduleRules.check(a, StaticCatalog.unknown(), List.of(b), null);

    // Then
    assertThat(r.message()).contains("node node-1 is already scheduled by TimeOfDay other/node-1");
  }

  @Test
  void deletingAProfileAScheduleNamesIsDenied() {
    // Given
    ScheduleView s = schedule("UTC", entry("08:00", "balance-power"));

    // When
    RuleResult r = ScheduleRules.checkProfileDelete("balance-power", List.of(s));

    // Then
    assertThat(r.message())
        .isEqualTo(
            "metadata.name: power profile \"balance-power\" is named by PowerSchedule"
                + " power-manager/peak spec.entries[0].sharedProfile; change or delete the"
                + " schedule first");
    assertThat(ScheduleRules.checkProfileDelete("performance", List.of(s)).allowed()).isTrue();
  }

  @Test
  void aPowerScheduleNeedsANodeSelector() {
    // Given
    ScheduleView view =
        new ScheduleView(
            Kind.POWER_SCHEDULE,
            "ns",
            "x",
            new ScheduleView.Selected(new LabelSelector(Map.of(), List.of())),
            "UTC",
            List.of(entry("08:00", "shared")));

    // When
    List<String> v = violations(view, List.of());

    // Then
    assertThat(v)
        .containsExactly(
            "spec.nodeSelector: a nodeSelector with at least one label or expression is required");
  }

  private static final StaticCatalog WITH_HARDWARE =
      StaticCatalog.builder()
          .profile(BaseProfile.PERFORMANCE.asProfile())
          .idleNode(
              new io.powermanager.domain.cstates.NodeIdleFacts(
                  "node-1",
                  List.of(
                      new io.powermanager.domain.cstates.IdleState(0, "POLL", 0),
                      new io.powermanager.domain.cstates.IdleState(1, "C1", 1),
                      new io.powermanager.domain.cstates.IdleState(2, "C6", 290)),
                  io.powermanager.domain.CpuSet.range(0, 7),
                  io.powermanager.domain.CpuSet.of(0)))
          .uncoreNode(
              new io.powermanager.domain.uncore.UncoreRules.PowerNodeView(
                  "node-1",
                  NODES.get("node-1"),
                  List.of(
                      new io.powermanager.domain.uncore.UncoreDomain(
                          "package_00_die_00", 0, 0, 800_000, 2_400_000))))
          .build();

  private static EntryView layered(
      ScheduleView.CStatesLayer cstates, io.powermanager.domain.uncore.UncoreRules.Request uncore) {
    return new EntryView("08:00", List.of(), null, List.of(), cstates, uncore);
  }

  private static io.powermanager.domain.uncore.UncoreRules.Request uncore(
      Map<String, String> nodeSelector, Long min, Long max, Integer pkg) {
    return new io.powermanager.domain.uncore.UncoreRules.Request(
        "peak",
        nodeSelector,
        min,
        max,
        pkg == null
            ? List.of()
            : List.of(
                new io.powermanager.domain.uncore.UncoreRules.Selector(
                    pkg, null, 1_000_000L, 2_000_000L)));
  }

  private static List<String> layerViolations(EntryView e) {
    return ScheduleRules.check(schedule("UTC", e), WITH_HARDWARE, List.of(), NODES)
        .violations()
        .stream()
        .map(Object::toString)
        .toList();
  }

  @Test
  void acceptsValidCStateAndUncoreLayersOnTheSchedulesNodes() {
    // Given
    EntryView e =
        layered(
            new ScheduleView.CStatesLayer(
                Map.of("C6", false),
                Map.of("performance", Map.of("C1", false)),
                Map.of("3", Map.of("C6", true)),
                false),
            uncore(Map.of(), 1_000_000L, 2_000_000L, 0));

    // When
    RuleResult result = ScheduleRules.check(schedule("UTC", e), WITH_HARDWARE, List.of(), NODES);

    // Then
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void rejectsInvalidCStateLayersNamingTheEntrysField() {
    // Given
    EntryView e =
        layered(
            new ScheduleView.CStatesLayer(
                Map.of("C0", false, "C9", false),
                Map.of("turbo", Map.of("C1", false)),
                Map.of("9", Map.of("C6", true), "x", Map.of()),
                true),
            null);

    // When
    List<String> v = layerViolations(e);

    // Then
    assertThat(v)
        .anyMatch(s -> s.startsWith("spec.entries[0].cstates.nodeSelector"))
        .anyMatch(s -> s.startsWith("spec.entries[0].cstates.sharedPoolCStates.C0"))
        .anyMatch(
            s ->
                s.startsWith("spec.entries[0].cstates.sharedPoolCStates.C9")
                    && s.contains("not an idle state of any targeted node"))
        .anyMatch(
            s ->
                s.startsWith("spec.entries[0].cstates.exclusivePoolCStates[turbo]")
                    && s.contains("does not exist"))
        .anyMatch(
            s ->
                s.startsWith("spec.entries[0].cstates.individualCoreCStates[9]")
                    && s.contains("not online"))
        .anyMatch(s -> s.startsWith("spec.entries[0].cstates.individualCoreCStates[x]"));
  }

  @Test
  void rejectsInvalidUncoreLayersNamingTheEntrysField() {
    // Given
    EntryView inverted = layered(null, uncore(Map.of("tier", "web"), 2_000_000L, 1_000_000L, null));
    EntryView absentPackage = layered(null, uncore(Map.of(), null, null, 3));
    EntryView outOfRange = layered(null, uncore(Map.of(), null, 3_000_000L, null));
    EntryView empty = layered(null, uncore(Map.of(), null, null, null));

    // When
    List<String> a = layerViolations(inverted);
    List<String> b = layerViolations(absentPackage);
    List<String> c = layerViolations(outOfRange);
    List<String> d = layerViolations(empty);

    // Then
    assertThat(a)
        .anyMatch(s -> s.startsWith("spec.entries[0].uncore.nodeSelector"))
        .anyMatch(s -> s.startsWith("spec.entries[0].uncore.sysMin: 2000000 kHz is above"));
    assertThat(b)
        .singleElement()
        .asString()
        .startsWith("spec.entries[0].uncore.dieSelector[0]: package 3 is not an uncore domain");
    assertThat(c).singleElement().asString().startsWith("spec.entries[0].uncore.sysMax");
    assertThat(d)
        .singleElement()
        .asString()
        .startsWith("spec.entries[0].uncore: set at least one of sysMin, sysMax and dieSelector");
  }
}
