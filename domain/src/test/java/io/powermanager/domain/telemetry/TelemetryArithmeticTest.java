package io.powermanager.domain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryArithmeticTest {

  @Test
  void energyCounterAddsAcrossAWrapAndNeverGoesBackwards() {
    // Given
    EnergyCounter counter = EnergyCounter.start().next(900, 1000).next(950, 1000);

    // When
    EnergyCounter wrapped = counter.next(30, 1000);

    // Then
    assertThat(counter.totalUj()).isEqualTo(50);
    assertThat(wrapped.lastDeltaUj()).isEqualTo(80);
    assertThat(wrapped.totalUj()).isEqualTo(130);
  }

  @Test
  void energyCounterRefusesAReadingOutsideItsRange() {
    assertThatThrownBy(() -> EnergyCounter.start().next(1000, 1000))
        .hasMessageContaining("outside its range 0-1000");
  }

  @Test
  void cpuTimesCountBusyTicksPerCpuAndSkipTheAggregateLine() {
    // Given
    String before =
        "cpu  9 9 9 9 9 9 9 9 0 0\ncpu0 10 0 5 100 1 1 1 0 0 0\ncpu1 0 0 0 50 0 0 0 0 0 0\n";
    String after =
        "cpu  9 9 9 9 9 9 9 9 0 0\ncpu0 20 0 8 140 2 1 2 0 0 0\ncpu1 0 0 0 90 0 0 0 0 0 0\nintr 5\n";

    // When
    CpuTimes now = CpuTimes.parse(after);

    // Then
    assertThat(now.byCpu()).containsOnlyKeys(0, 1);
    assertThat(now.busySince(CpuTimes.parse(before), 0)).isEqualTo(14);
    assertThat(now.busySince(CpuTimes.parse(before), 1)).isZero();
    assertThat(now.busySince(CpuTimes.none(), 0)).isZero();
  }

  @Test
  void energySplitFollowsBusyTimeAndSumsToTheWhole() {
    // Given
    Map<String, Long> busy = new LinkedHashMap<>();
    busy.put("performance", 300L);
    busy.put("shared", 100L);
    busy.put("(reserved)", 0L);

    // When
    Map<String, Double> split =
        EnergySplit.split(40.0, busy, Map.of("performance", 2, "shared", 4, "(reserved)", 2));

    // Then
    assertThat(split.get("performance")).isCloseTo(30.0, offset(1e-9));
    assertThat(split.get("shared")).isCloseTo(10.0, offset(1e-9));
    assertThat(split.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(40.0, offset(1e-9));
  }

  @Test
  void energySplitFallsBackToCpuCountsWhenNothingWasBusy() {
    Map<String, Double> split =
        EnergySplit.split(
            8.0, new LinkedHashMap<>(Map.of("a", 0L, "b", 0L)), Map.of("a", 1, "b", 3));
    assertThat(split).containsEntry("a", 2.0).containsEntry("b", 6.0);
  }
}
