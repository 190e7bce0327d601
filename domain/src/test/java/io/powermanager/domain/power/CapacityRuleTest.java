package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CapacityRuleTest {

  @ParameterizedTest
  @CsvSource({
    // upstream-compatible defaults by EPP (intel#67 reported 25/38/51/64 on 64 CPUs)
    "performance, 64, 25",
    "balance_performance, 64, 38",
    "balance_power, 64, 51",
    "power, 64, 64",
    "performance, 6, 2",
    "performance, 0, 0"
  })
  void defaultsByEpp(String epp, int allocatable, int expected) {
    assertThat(CapacityRule.capacity(Optional.empty(), Epp.parse(epp).orElseThrow(), allocatable))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "12, 64, 12",
    "100, 64, 64",
    "1, 64, 1",
    "'75%', 64, 48",
    "'100%', 6, 6",
    "'1%', 50, 0"
  })
  void profileCapacityOverridesTheDefault(String capacity, int allocatable, int expected) {
    // Given
    Optional<CpuCapacity> configured = CpuCapacity.parse(capacity);

    // When
    int result = CapacityRule.capacity(configured, Epp.PERFORMANCE, allocatable);

    // Then
    assertThat(result).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "0", "0%", "00", "000%", "101%", "40 %", "ten", "1.5", "%"})
  void rejectsMalformedCapacity(String text) {
    assertThat(CpuCapacity.parse(text)).isEmpty();
  }
}
