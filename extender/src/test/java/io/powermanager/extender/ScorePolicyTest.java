package io.powermanager.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.extender.capacity.NodeState;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScorePolicyTest {

  @ParameterizedTest(name = "{0} of {1} free, pod takes {2}: spread {3}, binpack {4}")
  @CsvSource({
    "8, 8, 0, 10, 0",
    "8, 8, 8, 0, 10",
    "8, 8, 4, 5, 5",
    "8, 8, 2, 8, 2", // 6/8 = 7.5 rounds half up to 8
    "8, 6, 2, 5, 5",
    "3, 3, 2, 3, 7", // 1/3 = 3.33
    "100, 100, 1, 10, 0" // 9.9 rounds to 10
  })
  void scoresTheShareOfTheProfileLeftAfterPlacingThePod(
      long allocatable, long free, long needs, int spread, int binpack) {
    // Given
    NodeState node =
        node(Map.of("performance", allocatable), Map.of("performance", allocatable - free));
    Map<String, Long> demand = Map.of("performance", needs);

    // When
    int spreadScore = ScorePolicy.SPREAD.score(node, demand);
    int binpackScore = ScorePolicy.BINPACK.score(node, demand);

    // Then
    assertThat(spreadScore).isEqualTo(spread);
    assertThat(binpackScore).isEqualTo(binpack);
  }

  @Test
  void judgesAPodAskingForSeveralProfilesByItsTightestProfile() {
    // Given
    NodeState node =
        node(Map.of("performance", 10L, "balance-power", 4L), Map.of("balance-power", 2L));
    Map<String, Long> demand = new TreeMap<>(Map.of("performance", 1L, "balance-power", 1L));

    // When
    int score = ScorePolicy.SPREAD.score(node, demand);

    // Then
    assertThat(score).isEqualTo(3); // balance-power: 1 of 4 left = 2.5 → 3; performance 9 of 10
  }

  @Test
  void givesEqualHeadroomEqualScoresWhateverTheNodeSize() {
    // Given
    NodeState small = node(Map.of("performance", 4L), Map.of());
    NodeState large = node(Map.of("performance", 40L), Map.of("performance", 18L));

    // When
    int smallScore = ScorePolicy.SPREAD.score(small, Map.of("performance", 2L));
    int largeScore = ScorePolicy.SPREAD.score(large, Map.of("performance", 2L));

    // Then
    assertThat(smallScore).isEqualTo(largeScore).isEqualTo(5);
  }

  @Test
  void parsesPolicyNamesAndNamesTheAllowedOnesOtherwise() {
    // When
    ScorePolicy binpack = ScorePolicy.parse("binpack");

    // Then
    assertThat(binpack).isEqualTo(ScorePolicy.BINPACK);
    assertThat(binpack).hasToString("binpack");
    assertThatThrownBy(() -> ScorePolicy.parse("random"))
        .hasMessage("score policy \"random\" is not one of: spread, binpack");
  }

  private static NodeState node(Map<String, Long> allocatable, Map<String, Long> requested) {
    return NodeState.of("n", true, allocatable, requested, true, Optional.empty());
  }
}
