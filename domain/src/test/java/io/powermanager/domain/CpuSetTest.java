package io.powermanager.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuSetTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0-3,8,10-11 | 0-3,8,10-11 | 7",
        "''          | ''          | 0",
        "5           | 5           | 1",
        "3,1,2       | 1-3         | 3",
        "0-1,1-2     | 0-2         | 3",
        "4,6         | 4,6         | 2",
        "8191        | 8191        | 1"
      })
  void parsesAndPrintsCanonicalCpulist(String input, String canonical, int size) {
    // When
    CpuSet set = CpuSet.parse(input);

    // Then
    assertThat(set.toString()).isEqualTo(canonical);
    assertThat(set.size()).isEqualTo(size);
    assertThat(CpuSet.parse(set.toString())).isEqualTo(set);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3-1    | range 3-1 is descending",
        "a      | \"a\" is not a CPU id",
        "1,,2   | empty element",
        "-1     | \"-1\" is not a CPU id (negative or missing start)",
        "0-8192 | CPU 8192 is past the highest CPU id 8191",
        "1,     | empty element",
        "1-     | \"\" is not a CPU id",
        "1 2    | \"1 2\" is not a CPU id",
        "0-3:2  | \"3:2\" is not a CPU id"
      })
  void rejectsMalformedCpulistQuotingTheInput(String input, String reason) {
    assertThatThrownBy(() -> CpuSet.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cpulist \"" + input + "\": " + reason);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 8192})
  void rejectsIdsOutOfRange(int id) {
    assertThatThrownBy(() -> CpuSet.of(id)).hasMessageContaining("out of range 0-8191");
  }

  @Test
  void ignoresTheNewlineOfASysfsFile() {
    assertThat(CpuSet.parse("0-223\n").size()).isEqualTo(224);
  }

  @Test
  void combinesSets() {
    // Given
    CpuSet online = CpuSet.parse("0-7");
    CpuSet reserved = CpuSet.of(0, 1);
    CpuSet exclusive = CpuSet.parse("2-3");

    // When
    CpuSet shared = online.minus(reserved).minus(exclusive);

    // Then
    assertThat(shared).hasToString("4-7");
    assertThat(shared.union(exclusive)).hasToString("2-7");
    assertThat(online.intersect(CpuSet.parse("6-9"))).hasToString("6-7");
    assertThat(shared.contains(4)).isTrue();
    assertThat(shared.contains(3)).isFalse();
    assertThat(shared.contains(-1)).isFalse();
    assertThat(online.containsAll(shared)).isTrue();
    assertThat(shared.containsAll(online)).isFalse();
    assertThat(shared.intersects(exclusive)).isFalse();
  }

  @Test
  void iteratesInAscendingOrder() {
    // Given
    CpuSet set = CpuSet.of(66, 2, 67, 3);

    // When
    var ids = new java.util.ArrayList<Integer>();
    set.forEach(ids::add);

    // Then
    assertThat(ids).containsExactly(2, 3, 66, 67);
    assertThat(set.toList()).containsExactly(2, 3, 66, 67);
    assertThat(set.first()).isEqualTo(2);
    assertThat(set.firstN(3)).hasToString("2-3,66");
    assertThat(set).hasToString("2-3,66-67");
  }

  @Test
  void isImmutable() {
    // Given
    CpuSet base = CpuSet.of(1, 2);

    // When
    base.union(CpuSet.of(3));
    base.minus(CpuSet.of(1));

    // Then
    assertThat(base).hasToString("1-2");
    assertThat(CpuSet.empty().isEmpty()).isTrue();
    assertThat(CpuSet.range(4, 6)).isEqualTo(CpuSet.parse("4-6"));
  }
}
