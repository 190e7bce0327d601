package io.powermanager.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and reports every phase (its numbers are not judged here). */
class WebhookBenchIT {

  @Test
  void measuresEveryPhaseWithoutErrorsAndPrintsATable() {
    // Given
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    // When
    WebhookBench.Result result =
        WebhookBench.run(
            new PrintStream(printed, true, StandardCharsets.UTF_8), WebhookBench.Options.quick());

    // Then
    assertThat(result.fixedRate())
        .extracting(WebhookBench.Phase::target)
        .containsExactly("webhook /validate", "webhook /mutate", "echo");
    assertThat(result.maximum())
        .extracting(WebhookBench.Phase::target)
        .containsExactly("webhook /validate", "echo");
    assertThat(result.fixedRate()).allSatisfy(p -> assertThat(p.requests()).isEqualTo(500));
    assertThat(result.fixedRate()).allSatisfy(p -> assertThat(p.errors()).isZero());
    assertThat(result.maximum()).allSatisfy(p -> assertThat(p.errors()).isZero());
    assertThat(result.tlsProtocol()).startsWith("TLSv1.");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("reviews/s", "p99 ms", "throughput ratio webhook/echo", "goals:");
  }
}
