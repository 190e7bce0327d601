package io.powermanager.bench.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.powermanager.extender.ScorePolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench entry point runs end to end on a small cluster (no timing is asserted). */
class ExtenderBenchIT {

  @Test
  void runsOnASmallClusterAndReportsEveryCallKind() {
    // Given
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExtenderBench.Options small =
        new ExtenderBench.Options(200, 2_000, 400, 200, 20, 20, 50, ScorePolicy.BINPACK);

    // When
    ExtenderBench.Result result =
        ExtenderBench.run(new PrintStream(printed, true, StandardCharsets.UTF_8), small);

    // Then
    assertThat(result.chargedPods()).isEqualTo(400);
    assertThat(result.events()).isEqualTo(2_000 + 3 * 40);
    assertThat(result.latencies())
        .extracting(
            ExtenderBench.Latency::call,
            ExtenderBench.Latency::names,
            ExtenderBench.Latency::podsCached)
        .containsExactly(
            tuple("filter", 200, 2_000),
            tuple("prioritize", 200, 2_000),
            tuple("filter", 20, 2_000),
            tuple("prioritize", 20, 2_000),
            tuple("filter", 200, 0));
    assertThat(result.latencies()).allSatisfy(l -> assertThat(l.requests()).isEqualTo(50));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("events applied: 2,120")
        .contains("goal p99 <= 5 ms with 200 names:");
  }
}
