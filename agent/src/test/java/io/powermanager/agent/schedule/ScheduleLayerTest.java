package io.powermanager.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.TestPods;
import io.powermanager.agent.TestPowerObjects;
import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerScheduleEntry;
import io.powermanager.api.v1alpha1.PowerScheduleSpec;
import io.powermanager.api.v1alpha1.ProfileOverride;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.api.v1alpha1.TimeOfDayEntry;
import io.powermanager.api.v1alpha1.TimeOfDaySpec;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layer a schedule lays over node1's model (small, cpu 0 reserved), at a fixed instant. */
class ScheduleLayerTest {

  static final String NODE = "node1";
  static final Map<String, String> LABELS = Map.of("kubernetes.io/hostname", NODE, "tier", "web");
  static final Instant NOON = Instant.parse("2026-06-10T12:00:00Z");

  private final List<PowerProfile> profiles =
      List.of(
          TestPowerObjects.profile("default", "performance", null, null, "performance", Map.of()),
          TestPowerObjects.profile(
              "default", "balance-performance", null, null, "balance_performance", Map.of()),
          TestPowerObjects.profile("default", "shared", 1000, 1500, "power", Map.of()));
  private final List<Pod> pods = new ArrayList<>();
  private final Map<String, PodCpus> kubelet = new java.util.TreeMap<>();

  private static HardwareFacts small() throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    return HardwareDiscovery.discover(SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists));
  }

  private void pod(String name, Map<String, String> labels, CpuSet cpus) {
    Pod pod = TestPods.guaranteed("default", name, NODE, cpus.size(), "performance");
    pod.getMetadata().getLabels().putAll(labels);
    pods.add(pod);
    kubelet.put(
        "default/" + name,
        new PodCpus(
            "default", name, List.of(new PodCpus.ContainerCpus("example-power-container", cpus))));
  }

  private NodeModel model() throws Exception {
    return NodeModel.compute(
        new NodeModel.Inputs(
            NODE,
            small(),
            CpuSet.range(1, 7),
            kubelet,
            Set.of(),
            pods,
            profiles,
            List.of(
                TestPowerObjects.sharedWorkload(
                    "default",
                    "shared-node1-workload",
                    "shared",
                    List.of(0),
                    Map.of("kubernetes.io/hostname", NODE))),
            LABELS));
  }

  private ScheduleLayer.Applied layer(List<PowerSchedule> schedules, List<TimeOfDay> tods)
      throws Exception {
    NodeModel model = model();
    return ScheduleLayer.apply(
        new ScheduleLayer.Inputs(
            NODE, LABELS, schedules, tods, NOON, model, pods, profiles, small().commonRange()));
  }

  private static PowerSchedule retuneWebPods(String name, String selectorTier) {
    PowerSchedule s = new PowerSchedule();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace("default");
    PowerScheduleSpec spec = new PowerScheduleSpec();
    spec.setNodeSelector(new LabelSelectorBuilder().addToMatchLabels("tier", selectorTier).build());
    PowerScheduleEntry e = new PowerScheduleEntry();
    e.setAt("08:00");
    e.setSharedProfile("balance-performance");
    ProfileOverride o = new ProfileOverride();
    o.setPodSelector(new LabelSelectorBuilder().addToMatchLabels("power", "true").build());
    o.setFrom("performance");
    o.setTo("balance-performance");
    e.setProfileOverrides(List.of(o));
    PowerScheduleEntry evening = new PowerScheduleEntry();
    evening.setAt("20:00");
    spec.setEntries(List.of(e, evening));
    s.setSpec(spec);
    return s;
  }

  private static TimeOfDay timeOfDay(String node, String time) {
    TimeOfDay t = new TimeOfDay();
    t.getMetadata().setName(node);
    t.getMetadata().setNamespace("default");
    TimeOfDaySpec spec = new TimeOfDaySpec();
    TimeOfDayEntry e = new TimeOfDayEntry();
    e.setTime(time);
    e.setPowerProfile("shared");
    spec.setSchedule(List.of(e));
    spec.setReservedCPUs(List.of(0, 1));
    t.setSpec(spec);
    return t;
  }

  @Test
  void noScheduleLeavesTheModelAndClaimsAsTheyAre() throws Exception {
    // Given
    pod("web", Map.of("power", "true"), CpuSet.of(1, 2));

    // When
    ScheduleLayer.Applied applied = layer(List.of(), List.of());

    // Then
    assertThat(applied.model().sharedProfile()).contains("shared");
    assertThat(applied.claims())
        .extracting(ExclusiveClaim::profile)
        .containsExactly("performance-node1");
    assertThat(applied.status()).isEmpty();
    assertThat(applied.nextAt()).isEmpty();
  }

  @Test
  void theActiveEntryRetunesMatchingPodsAndTheSharedPoolButNotTheAccounting() throws Exception {
    // Given
    pod("web", Map.of("power", "true"), CpuSet.of(1, 2));
    pod("db", Map.of("power", "false"), CpuSet.of(3));

    // When
    ScheduleLayer.Applied applied = layer(List.of(retuneWebPods("office", "web")), List.of());

    // Then
    assertThat(applied.model().sharedProfile()).contains("balance-performance-node1");
    assertThat(applied.model().profile("balance-performance-node1")).isPresent();
    assertThat(applied.claims())
        .extracting(c -> c.owner() + "=" + c.profile())
        .containsExactly(
            "default/db/example-power-container=performance-node1",
            "default/web/example-power-container=balance-performance-node1");
    assertThat(applied.model().containers())
        .extracting(c -> c.pod().name() + "=" + c.profile())
        .containsExactly("db=performance-node1", "web=performance-node1");
    assertThat(applied.retunes().values())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pod().name()).isEqualTo("web");
              assertThat(r.from()).isEqualTo("performance-node1");
              assertThat(r.to()).isEqualTo("balance-performance-node1");
            });
    assertThat(applied.status().orElseThrow().getActiveEntry()).isEqualTo("entries[0] 08:00");
    assertThat(applied.nextAt()).contains(Instant.parse("2026-06-10T20:00:00Z"));
  }

  @Test
  void aScheduleSelectingOtherNodesChangesNothingHere() throws Exception {
    // Given
    pod("web", Map.of("power", "true"), CpuSet.of(1, 2));

    // When
    ScheduleLayer.Applied applied = layer(List.of(retuneWebPods("db-nodes", "db")), List.of());

    // Then
    assertThat(applied.retunes()).isEmpty();
    assertThat(applied.model().sharedProfile()).contains("shared");
    assertThat(applied.status()).isEmpty();
  }

  @Test
  void twoSchedulesOnOneNodeApplyTheFirstAndSayWhy() throws Exception {
    // When
    ScheduleLayer.Applied applied =
        layer(List.of(retuneWebPods("office", "web")), List.of(timeOfDay(NODE, "07:00")));

    // Then
    assertThat(applied.status().orElseThrow().getKind()).isEqualTo("PowerSchedule");
    assertThat(applied.status().orElseThrow().getProblems())
        .containsExactly(
            "TimeOfDay default/node1 also applies to node node1; only PowerSchedule"
                + " default/office (first by kind, namespace and name) is applied");
  }

  @Test
  void aTimeOfDaysReservedCpusAreComparedWithTheKubelets() throws Exception {
    // When
    ScheduleLayer.Applied applied = layer(List.of(), List.of(timeOfDay(NODE, "07:00")));

    // Then
    assertThat(applied.status().orElseThrow().getProblems())
        .containsExactly(
            "reservedCPUs 0-1 differs from the kubelet's reserved CPUs 0; the kubelet's are used");
    assertThat(applied.model().sharedProfile()).contains("shared");
  }

  @Test
  void anInvalidScheduleIsReportedAndNotApplied() throws Exception {
    // When
    ScheduleLayer.Applied applied = layer(List.of(), List.of(timeOfDay(NODE, "7:00")));

    // Then
    assertThat(applied.status().orElseThrow().getProblems())
        .anySatisfy(p -> assertThat(p).startsWith("not applied: spec.schedule[0].time: \"7:00\""));
    assertThat(applied.nextAt()).isEmpty();
  }

  @Test
  void theActiveEntrysCStateLayerIsNamedAfterItAndTheNextEntryHasNone() throws Exception {
    // Given: 08:00 carries a C-state layer, 20:00 none; it is noon
    PowerSchedule s = retuneWebPods("peak", "web");
    PowerScheduleEntry peak = s.getSpec().getEntries().get(0);
    peak.setCstates(new io.powermanager.api.v1alpha1.CStatesSpec());
    peak.getCstates().setSharedPoolCStates(Map.of("C6", false));
    peak.getCstates().setIndividualCoreCStates(Map.of("3", Map.of("C1E", false), "x", Map.of()));

    // When
    ScheduleLayer.Applied applied = layer(List.of(s), List.of());

    // Then
    assertThat(applied.cstates())
        .hasValueSatisfying(
            c -> {
              assertThat(c.name()).isEqualTo("PowerSchedule default/peak entries[0].cstates");
              assertThat(c.sharedPool()).containsExactly(Map.entry("C6", false));
              assertThat(c.individualCores()).containsOnlyKeys(3);
              assertThat(c.under()).isEmpty();
            });
    assertThat(applied.uncore()).isEmpty();
    assertThat(applied.status().orElseThrow().getProblems()).isEmpty();
  }

  @Test
  void aTimeOfDaysCStateIsItsLayer() throws Exception {
    // Given
    TimeOfDay t = timeOfDay(NODE, "07:00");
    t.getSpec().setReservedCPUs(List.of(0));
    t.getSpec().getSchedule().get(0).setCState(new io.powermanager.api.v1alpha1.CStatesSpec());
    t.getSpec()
        .getSchedule()
        .get(0)
        .getCState()
        .setExclusivePoolCStates(Map.of("performance", Map.of("C1", false)));

    // When
    ScheduleLayer.Applied applied = layer(List.of(), List.of(t));

    // Then
    assertThat(applied.cstates())
        .hasValueSatisfying(
            c -> {
              assertThat(c.name()).isEqualTo("TimeOfDay default/node1 schedule[0].cState");
              assertThat(c.exclusiveFor("performance-node1", NODE)).contains(Map.of("C1", false));
            });
  }

  @Test
  void theActiveEntrysUncoreLayerIsParsedAndAnInvalidOneIsReportedNotApplied() throws Exception {
    // Given
    PowerSchedule good = retuneWebPods("peak", "web");
    good.getSpec().getEntries().get(0).setUncore(new io.powermanager.api.v1alpha1.UncoreSpec());
    good.getSpec().getEntries().get(0).getUncore().setSysMax(2_000_000L);
    PowerSchedule bad = retuneWebPods("peak", "web");
    bad.getSpec().getEntries().get(0).setUncore(new io.powermanager.api.v1alpha1.UncoreSpec());
    bad.getSpec().getEntries().get(0).getUncore().setSysMin(2_000_000L);
    bad.getSpec().getEntries().get(0).getUncore().setSysMax(1_000_000L);

    // When
    ScheduleLayer.Applied applied = layer(List.of(good), List.of());
    ScheduleLayer.Applied refused = layer(List.of(bad), List.of());

    // Then
    assertThat(applied.uncore())
        .hasValueSatisfying(
            u -> {
              assertThat(u.sysMaxKhz()).hasValue(2_000_000L);
              assertThat(u.sysMinKhz()).isEmpty();
            });
    assertThat(refused.uncore()).isEmpty();
    assertThat(refused.status().orElseThrow().getProblems())
        .singleElement()
        .asString()
        .startsWith("the entry's uncore layer is not applied: spec.sysMin: 2000000 kHz is above");
  }

  @Test
  void anEntryWithoutLayersLaysNone() throws Exception {
    // Given: at noon the 08:00 entry (no layers) is active
    PowerSchedule s = retuneWebPods("peak", "web");
    s.getSpec().getEntries().get(1).setUncore(new io.powermanager.api.v1alpha1.UncoreSpec());
    s.getSpec().getEntries().get(1).getUncore().setSysMax(2_000_000L);

    // When
    ScheduleLayer.Applied applied = layer(List.of(s), List.of());

    // Then
    assertThat(applied.cstates()).isEmpty();
    assertThat(applied.uncore()).isEmpty();
  }
}
