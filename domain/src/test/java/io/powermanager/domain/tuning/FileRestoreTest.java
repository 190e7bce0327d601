package io.powermanager.domain.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileRestoreTest {

  private static final String MIN = "intel_uncore_frequency/package_00_die_00/min_freq_khz";
  private static final String MAX = "intel_uncore_frequency/package_00_die_00/max_freq_khz";

  private static List<String> plan(Map<String, String> originals, Map<String, String> now) {
    return FileRestore.plan(originals, now).stream().map(PlannedWrite::toString).toList();
  }

  @Test
  void writesOnlyTheFilesThatDiffer() {
    // When
    List<String> writes =
        plan(
            Map.of("cpu3/cpuidle/state1/disable", "0", "cpu3/cpuidle/state2/disable", "1"),
            Map.of("cpu3/cpuidle/state1/disable", "1", "cpu3/cpuidle/state2/disable", "1"));

    // Then
    assertThat(writes).containsExactly("cpu3/cpuidle/state1/disable=0");
  }

  @Test
  void raisesAnUncoreCeilingFirstWhenTheOriginalFloorIsAboveTheCurrentCeiling() {
    // When: tuned down to 800-1200 MHz, originally 1500-2400 MHz
    List<String> writes =
        plan(Map.of(MIN, "1500000", MAX, "2400000"), Map.of(MIN, "800000", MAX, "1200000"));

    // Then
    assertThat(writes).containsExactly(MAX + "=2400000", MIN + "=1500000");
  }

  @Test
  void lowersAnUncoreFloorFirstOtherwise() {
    // When: tuned up to 2000-2400 MHz, originally 800-1500 MHz
    List<String> writes =
        plan(Map.of(MIN, "800000", MAX, "1500000"), Map.of(MIN, "2000000", MAX, "2400000"));

    // Then
    assertThat(writes).containsExactly(MIN + "=800000", MAX + "=1500000");
  }

  @Test
  void writesAChangedCeilingAloneAndKeepsEveryIntermediateFloorBelowIt() {
    // When
    List<String> writes =
        plan(Map.of(MIN, "800000", MAX, "2400000"), Map.of(MIN, "800000", MAX, "1600000"));

    // Then
    assertThat(writes).containsExactly(MAX + "=2400000");
  }

  @Test
  void namesTheKnobAndCpuOfEachFile() {
    // Then
    assertThat(FileRestore.writeOf("cpu12/cpuidle/state3/disable", "0").orElseThrow())
        .returns(12, PlannedWrite::cpu)
        .returns(Knob.CSTATE_DISABLE, PlannedWrite::knob);
    assertThat(FileRestore.writeOf("intel_pstate/no_turbo", "0").orElseThrow())
        .returns(true, PlannedWrite::nodeLevel)
        .returns(Knob.TURBO, PlannedWrite::knob);
    assertThat(FileRestore.writeOf(MIN, "1").orElseThrow().unit())
        .isEqualTo("intel_uncore_frequency/package_00_die_00");
    assertThat(FileRestore.writeOf("cpu1/online", "1")).isEmpty();
  }

  @Test
  void refusesAFileNoKnobWrites() {
    // When / Then
    assertThatThrownBy(
            () -> FileRestore.plan(Map.of("cpu1/online", "1"), Map.of("cpu1/online", "0")))
        .hasMessageContaining("cpu1/online");
  }
}
