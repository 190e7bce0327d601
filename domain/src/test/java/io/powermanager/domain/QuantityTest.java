package io.powermanager.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  @ParameterizedTest
  @CsvSource({
    "2, 2, true",
    "2000m, 2, true",
    "1500m, 1.5, false",
    "0.5, 0.5, false",
    "1k, 1000, true",
    "1Ki, 1024, true",
    "200Mi, 209715200, true",
    "1e3, 1000, true",
    "25e-1, 2.5, false",
    "+3, 3, true"
  })
  void parsesKubernetesQuantities(String text, String value, boolean integer) {
    // When
    Quantity q = Quantity.parse(text).orElseThrow();

    // Then
    assertThat(q.value()).isEqualByComparingTo(value);
    assertThat(q.isInteger()).isEqualTo(integer);
    assertThat(q.text()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "2x", "1..2", "Mi", "2 m"})
  void rejectsWhatIsNotAQuantity(String text) {
    assertThat(Quantity.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"2, 2000m", "1Gi, 1073741824", "0.5, 500m"})
  void comparesAmountsAcrossNotations(String a, String b) {
    assertThat(Quantity.parse(a).orElseThrow().sameAmount(Quantity.parse(b).orElseThrow()))
        .isTrue();
  }
}
