package io.powermanager.domain.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.pod.PodDemand.Container;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases of kube-scheduler's {@code PodRequests} ({@code
 * k8s.io/component-helpers/resource/helpers.go}) and its tests ({@code helpers_test.go}:
 * "restartable init container", "multiple restartable and regular init containers"), with one
 * resource {@code r}.
 */
class PodDemandTest {

  private static final String R = "power.intel.com/performance";

  static Stream<Arguments> kubeSchedulerRule() {
    return Stream.of(
        Arguments.of("app containers are summed", List.of(app(2), app(3)), 0L, 5L),
        Arguments.of("no containers ask for nothing", List.of(), 0L, 0L),
        Arguments.of(
            "an init container larger than the app sum wins",
            List.of(init(6), app(2), app(2)),
            0L,
            6L),
        Arguments.of(
            "an init container smaller than the app sum does not count",
            List.of(init(3), app(2), app(2)),
            0L,
            4L),
        Arguments.of(
            "init containers are not summed, the largest counts",
            List.of(init(3), init(4), app(1)),
            0L,
            4L),
        Arguments.of("a sidecar adds to the app containers", List.of(sidecar(1), app(2)), 0L, 3L),
        Arguments.of(
            "a sidecar adds to the init containers started after it",
            List.of(sidecar(1), init(4), app(2)),
            0L,
            5L),
        Arguments.of(
            "a sidecar started after an init container does not add to it",
            List.of(init(4), sidecar(1), app(2)),
            0L,
            4L),
        Arguments.of(
            "several sidecars and init containers, interleaved",
            List.of(sidecar(1), init(5), sidecar(2), init(3), app(1)),
            0L,
            6L), // max(1 + 1 + 2, 5 + 1, 3 + 1 + 2)
        Arguments.of("the overhead is added", List.of(app(2), init(3)), 1L, 4L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void kubeSchedulerRule(String rule, List<Container> containers, long overhead, long expected) {
    // Given
    Map<String, Long> podOverhead = overhead == 0 ? Map.of() : Map.of(R, overhead);

    // When
    Map<String, Long> requests = PodDemand.requests(containers, podOverhead);

    // Then
    assertThat(requests.getOrDefault(R, 0L)).as(rule).isEqualTo(expected);
  }

  @Test
  void countsEachResourceOnItsOwn() {
    // Given
    List<Container> containers =
        List.of(
            Container.init("migrate", null, Map.of("cpu", 3_000L, "memory", 1L << 20)),
            Container.app("a", Map.of("cpu", 500L, "memory", 1L << 30)),
            Container.app("b", Map.of("cpu", 1_000L, R, 1L)));

    // When
    Map<String, Long> requests = PodDemand.requests(containers, Map.of("cpu", 250L));

    // Then
    assertThat(requests)
        .containsExactly(Map.entry("cpu", 3_250L), Map.entry("memory", 1L << 30), Map.entry(R, 1L));
  }

  @Test
  void saturatesInsteadOfWrappingWhenTheSumIsTooLarge() {
    // Given
    List<Container> containers = List.of(app(Long.MAX_VALUE), app(2), sidecar(Long.MAX_VALUE));

    // When
    Map<String, Long> requests = PodDemand.requests(containers, Map.of(R, 5L));

    // Then
    assertThat(requests).containsExactly(Map.entry(R, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "4", "4000m", "1k", "1e3", "9223372036854775807"})
  void readsWholeCounts(String quantity) {
    // When
    OptionalLong count = PodDemand.wholeCount(quantity);

    // Then
    assertThat(count).isPresent();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "four",
        "1.5",
        "500m",
        "-1",
        "9223372036854775808", // 2^63
        "1e308",
        "8Ei",
        "1e99999999999"
      })
  void refusesWhatIsNoWholeCountOrCannotBeCounted(String quantity) {
    // When
    OptionalLong count = PodDemand.wholeCount(quantity);

    // Then
    assertThat(count).isEmpty();
  }

  @Test
  void readsTheExactValueOfANotation() {
    // When
    OptionalLong count = PodDemand.wholeCount("4000m");

    // Then
    assertThat(count).hasValue(4);
  }

  private static Container app(long cpus) {
    return Container.app("app", Map.of(R, cpus));
  }

  private static Container init(long cpus) {
    return Container.init("init", null, Map.of(R, cpus));
  }

  private static Container sidecar(long cpus) {
    return Container.init("sidecar", "Always", Map.of(R, cpus));
  }
}
