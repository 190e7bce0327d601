package io.powermanager.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
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
  @CsvSource({
    "1e308",
    "9223372036854775808",
    "-9223372036854775808",
    "9223372036854775808000m",
    "9.3e18",
    "8Ei",
    "10E",
    "1e99999999999",
    "1E1001"
  })
  void refusesQuantitiesBeyondTwoToTheSixtyThirdMinusOneAsOutOfRange(String text) {
    assertThat(Quantity.parse(text)).isEmpty();
    assertThat(Quantity.problem(text)).isEqualTo("is out of range (at most 9223372036854775807)");
  }

  @ParameterizedTest
  @CsvSource({
    "9223372036854775807, 9223372036854775807",
    "-9223372036854775807, -9223372036854775807",
    "9223372036854775807000m, 9223372036854775807",
    "9e18, 9000000000000000000",
    "7Ei, 8070450532247928832",
    "0e99999999999, 0",
    "1e3, 1000",
    "2500m, 2"
  })
  void givesTheWholeValueExactlyUpToTheLargestQuantity(String text, long value) {
    assertThat(Quantity.parse(text).orElseThrow().longValue()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1e-99999999999", "Ei"})
  void saysWhatIsNotAQuantity(String text) {
    assertThat(Quantity.parse(text)).isEmpty();
    assertThat(Quantity.problem(text)).isEqualTo("is not a quantity");
  }

  @ParameterizedTest
  @CsvSource({"2, 2000m", "1Gi, 1073741824", "0.5, 500m"})
  void comparesAmountsAcrossNotations(String a, String b) {
    assertThat(Quantity.parse(a).orElseThrow().sameAmount(Quantity.parse(b).orElseThrow()))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2",
        "0",
        "-0",
        "+0",
        "0m",
        "1500m",
        "2000m",
        "512Mi",
        "1Gi",
        "8Ei",
        "7Ei",
        "1E",
        "10k",
        "999999999999999999",
        "1000000000000000000",
        "9223372036854775807",
        "8796093022207Mi",
        "8796093022208Mi",
        "-1",
        "007",
        "0010m",
        "2 ",
        " 2",
        "2e3",
        "2E3",
        "1.5",
        ".5",
        "2Ki ",
        "2mi",
        "2KI",
        "2K",
        "-",
        "+",
        "m",
        "Mi"
      })
  void readsPlainQuantitiesExactlyAsTheGrammarDoes(String text) {
    // When
    var plain = Quantity.parse(text);

    // Then
    assertThat(plain).isEqualTo(Quantity.parseGrammar(text));
  }

  @Test
  void readsGeneratedQuantitiesExactlyAsTheGrammarDoes() {
    // Given
    Random random = new Random(20_261_130L);
    String[] signs = {"", "", "", "+", "-"};
    String[] suffixes = {
      "", "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "E-2",
      "x", "mi", "KI", "i", " ", "Mi "
    };
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(signs[random.nextInt(signs.length)]);
      int digits = random.nextInt(21);
      for (int d = 0; d < digits; d++) {
        text.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
      }
      if (random.nextInt(10) == 0) {
        text.insert(random.nextInt(text.length() + 1), '.');
      }
      text.append(suffixes[random.nextInt(suffixes.length)]);
      texts.add(text.toString());
    }

    // When
    List<String> different =
        texts.stream().filter(t -> !Quantity.parse(t).equals(Quantity.parseGrammar(t))).toList();

    // Then
    assertThat(different).isEmpty();
    assertThat(texts.stream().filter(t -> Quantity.parsePlain(t) != null).count())
        .as("the plain path read the in-range ones (a third is out of range: the grammar refuses)")
        .isGreaterThan(15_000);
  }
}
