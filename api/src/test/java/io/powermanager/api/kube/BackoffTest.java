package io.powermanager.api.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

  @ParameterizedTest
  @CsvSource({"0, 100", "1, 100", "2, 200", "3, 400", "7, 6400", "8, 10000", "60, 10000"})
  void doublesPerFailureUpToTheCap(int failures, long expectedMillis) {
    assertThat(backoff.delay(failures)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest
  @CsvSource({"0, 1000", "-5, 1000", "100, 10"})
  void rejectsANonPositiveBaseOrACapBelowIt(long baseMillis, long maxMillis) {
    assertThatThrownBy(
            () -> new Backoff(Duration.ofMillis(baseMillis), Duration.ofMillis(maxMillis)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
