package io.powermanager.domain.tuning;

import static io.powermanager.domain.tuning.TuningFixtures.acpiCpu;
import static io.powermanager.domain.tuning.TuningFixtures.sprCpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.powermanager.domain.power.Frequency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WritePlannerTest {

  private static final CpuSettings BOOT =
      CpuSettings.of("powersave", "balance_performance", 800_000, 3_800_000);

  private static List<String> paths(List<PlannedWrite> writes) {
    return writes.stream().map(PlannedWrite::toString).toList();
  }

  @Test
  void plansNothingForAConvergedCpu() {
    // When
    List<PlannedWrite> writes = WritePlanner.plan(3, BOOT, BOOT, true);

    // Then
    assertThat(writes).isEmpty();
  }

  @Test
  void writesOnlyTheFilesThatDiffer() {
    // Given
    CpuSettings want = CpuSettings.of("powersave", "power", 800_000, 3_800_000);

    // When
    List<PlannedWrite> writes = WritePlanner.plan(3, want, BOOT, true);

    // Then
    assertThat(paths(writes)).containsExactly("cpu3/cpufreq/energy_performance_preference=power");
  }

  static Stream<Arguments> windowAndGovernorChanges() {
    return Stream.of(
        argumentSet(
            "raises the ceiling before the floor when the window moves up",
            CpuSettings.of("powersave", "power", 1_000_000, 1_500_000),
            CpuSettings.of("powersave", "performance", 3_600_000, 3_800_000),
            List.of(
                "cpu2/cpufreq/energy_performance_preference=performance",
                "cpu2/cpufreq/scaling_max_freq=3800000",
                "cpu2/cpufreq/scaling_min_freq=3600000")),
        argumentSet(
            "lowers the floor before the ceiling when the window moves down",
            CpuSettings.of("powersave", "performance", 3_600_000, 3_800_000),
            CpuSettings.of("powersave", "power", 1_000_000, 1_500_000),
            List.of(
                "cpu2/cpufreq/energy_performance_preference=power",
                "cpu2/cpufreq/scaling_min_freq=1000000",
                "cpu2/cpufreq/scaling_max_freq=1500000")),
        argumentSet(
            "switches the governor before writing EPP (performance pins EPP: EBUSY before)",
            CpuSettings.of("performance", "performance", 800_000, 3_800_000),
            CpuSettings.of("powersave", "power", 800_000, 3_800_000),
            List.of(
                "cpu2/cpufreq/scaling_governor=powersave",
                "cpu2/cpufreq/energy_performance_preference=power")),
        argumentSet(
            "rewrites EPP after leaving performance even when it reads the same (a saved EPP"
                + " comes back)",
            CpuSettings.of("performance", "performance", 800_000, 3_800_000),
            CpuSettings.of("powersave", "performance", 800_000, 3_800_000),
            List.of(
                "cpu2/cpufreq/scaling_governor=powersave",
                "cpu2/cpufreq/energy_performance_preference=performance")));
  }

  @ParameterizedTest
  @MethodSource("windowAndGovernorChanges")
  void ordersTheWritesSoTheDriverAcceptsEachOne(
      CpuSettings have, CpuSettings want, List<String> expected) {
    // When
    List<PlannedWrite> writes = WritePlanner.plan(2, want, have, true);

    // Then
    assertThat(paths(writes)).containsExactlyElementsOf(expected);
  }

  @Test
  void neverWritesEppUnderThePerformanceGovernor() {
    // Given
    CpuSettings want = CpuSettings.of("performance", "performance", 3_600_000, 3_800_000);

    // When
    List<PlannedWrite> writes = WritePlanner.plan(1, want, BOOT, true);

    // Then
    assertThat(paths(writes))
        .containsExactly(
            "cpu1/cpufreq/scaling_governor=performance", "cpu1/cpufreq/scaling_min_freq=3600000");
  }

  @Test
  void skipsEppWhereItIsUnsupported() {
    // Given
    CpuSettings have = CpuSettings.of("schedutil", null, 1_200_000, 2_400_000);
    CpuSettings want =
        new CpuSettings("schedutil", Optional.of("power"), f(1_200_000), f(2_000_000));

    // When
    List<PlannedWrite> writes = WritePlanner.plan(4, want, have, false);

    // Then
    assertThat(paths(writes)).containsExactly("cpu4/cpufreq/scaling_max_freq=2000000");
  }

  @ParameterizedTest(name = "{0}-{1} -> {2}-{3}")
  @CsvSource({
    "800, 3800, 3600, 3800",
    "3600, 3800, 1000, 1500",
    "1000, 1500, 1200, 2000",
    "1200, 2000, 1000, 1500",
    "1000, 1500, 1500, 1500",
    "1500, 1500, 1600, 1700",
    "1600, 1700, 1500, 1500",
    "800, 800, 3800, 3800",
    "3800, 3800, 800, 800"
  })
  void keepsMinAtOrBelowMaxAfterEveryWrite(long haveMin, long haveMax, long wantMin, long wantMax) {
    // Given
    CpuSettings have = CpuSettings.of("powersave", "power", haveMin * 1000, haveMax * 1000);
    CpuSettings want = CpuSettings.of("powersave", "power", wantMin * 1000, wantMax * 1000);

    // When
    List<PlannedWrite> writes = WritePlanner.plan(0, want, have, true);

    // Then
    assertThat(legacyKernelApply(have, writes)).isEqualTo(want);
  }

  @Test
  void reachesEveryWindowFromEveryWindowOnALegacyKernel() {
    // Given
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      CpuSettings have = randomWindow(random);
      CpuSettings want = randomWindow(random);

      // When
      List<PlannedWrite> writes = WritePlanner.plan(0, want, have, true);

      // Then
      assertThat(legacyKernelApply(have, writes)).as("%s -> %s", have, want).isEqualTo(want);
      assertThat(writes.size()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void plansTheNodeCpuByCpuAndListsRefusals() {
    // Given
    Map<Integer, Desire> desires =
        Map.of(
            5,
            new Desire.Target(CpuSettings.of("powersave", "power", 1_000_000, 1_500_000), "shared"),
            2,
            new Desire.Target(
                CpuSettings.of("powersave", "performance", 3_600_000, 3_800_000), "perf"),
            3,
            new Desire.Refused("turbo", "too fast"),
            0,
            new Desire.Untouched(),
            9,
            new Desire.Target(BOOT, "snapshot"));
    Map<Integer, CpuSettings> observed = Map.of(2, BOOT, 5, BOOT, 9, BOOT);
    Map<Integer, CpuHardware> hw = Map.of(2, sprCpu(2), 5, sprCpu(5), 9, sprCpu(9));

    // When
    NodePlan plan = WritePlanner.plan(desires, observed, hw);

    // Then
    assertThat(paths(plan.writes()))
        .containsExactly(
            "cpu2/cpufreq/energy_performance_preference=performance",
            "cpu2/cpufreq/scaling_min_freq=3600000",
            "cpu5/cpufreq/energy_performance_preference=power",
            "cpu5/cpufreq/scaling_min_freq=1000000",
            "cpu5/cpufreq/scaling_max_freq=1500000");
    assertThat(plan.refusals()).containsOnlyKeys(3);
    assertThat(plan.cpus()).hasToString("2,5");
    assertThat(plan.converged()).isFalse();
  }

  @Test
  void plansNoEppForAcpiCpusOfTheNode() {
    // Given
    Map<Integer, Desire> desires =
        Map.of(
            1,
            new Desire.Target(
                new CpuSettings("schedutil", Optional.empty(), f(1_500_000), f(2_000_000)), "p"));

    // When
    NodePlan plan =
        WritePlanner.plan(
            desires,
            Map.of(1, CpuSettings.of("schedutil", null, 1_200_000, 2_400_000)),
            Map.of(1, acpiCpu(1)));

    // Then
    assertThat(paths(plan.writes()))
        .containsExactly(
            "cpu1/cpufreq/scaling_min_freq=1500000", "cpu1/cpufreq/scaling_max_freq=2000000");
  }

  @Test
  void refusesToPlanACpuThatWasNotObserved() {
    // Given
    Map<Integer, Desire> desires = Map.of(1, new Desire.Target(BOOT, "x"));

    // When / Then
    assertThatThrownBy(() -> WritePlanner.plan(desires, Map.of(), Map.of(1, sprCpu(1))))
        .hasMessageContaining("cpu 1 has a target but no observation");
  }

  private static Frequency f(long khz) {
    return Frequency.ofKhz(khz);
  }

  private static CpuSettings randomWindow(Random random) {
    long a = 800 + random.nextInt(31) * 100L;
    long b = 800 + random.nextInt(31) * 100L;
    return CpuSettings.of("powersave", "power", Math.min(a, b) * 1000, Math.max(a, b) * 1000);
  }

  /** Applies frequency writes as a kernel before 5.4 does: a write leaving min > max fails. */
  private static CpuSettings legacyKernelApply(CpuSettings start, List<PlannedWrite> writes) {
    long min = start.min().khz();
    long max = start.max().khz();
    for (PlannedWrite w : writes) {
      long value =
          w.knob() == Knob.MIN_FREQ || w.knob() == Knob.MAX_FREQ ? Long.parseLong(w.value()) : 0;
      if (w.knob() == Knob.MIN_FREQ) {
        if (value > max) {
          throw new AssertionError("EINVAL: " + w + " above max " + max);
        }
        min = value;
      } else if (w.knob() == Knob.MAX_FREQ) {
        if (value < min) {
          throw new AssertionError("EINVAL: " + w + " below min " + min);
        }
        max = value;
      }
    }
    return new CpuSettings(start.governor(), start.epp(), f(min), f(max));
  }
}
