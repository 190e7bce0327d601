package io.powermanager.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WebhookBenchTest {

  @Test
  void sendsTheReviewTheWebhookDecoderTestsReadFast() throws Exception {
    // Given: the webhook module's copy (its tests cannot depend on the bench module)
    Path kept = Path.of("../webhook/src/test/resources/bench-pod-review.json");

    // Then
    assertThat(WebhookBench.podReview()).isEqualTo(Files.readAllBytes(kept));
  }
}
