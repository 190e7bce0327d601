package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Golden files ({@code src/test/resources/golden}): a review body as the API server sends it goes
 * through the codec and the service, and the answer must equal the stored one; a patch must turn
 * the request's raw object into the stored pod.
 */
class GoldenReviewTest {

  private final AdmissionCodec codec = new AdmissionCodec();
  private final AdmissionService service = Fixtures.service();

  @Test
  void answersTheSeedsPodWithAnAllowedReview() {
    assertThat(answer("allowed-request.json", service::validate))
        .isEqualTo(golden("allowed-response.json"));
  }

  @Test
  void answersABrokenPodWithADeniedReviewNamingEveryViolation() {
    assertThat(answer("denied-request.json", service::validate))
        .isEqualTo(golden("denied-response.json"));
  }

  @Test
  void answersAnAnnotatedPodWithAPatchedReview() {
    assertThat(answer("patched-request.json", service::mutate))
        .isEqualTo(golden("patched-response.json"));
  }

  @Test
  void thePatchTurnsTheRawObjectIntoTheExpectedPod() {
    // Given
    JsonNode raw = golden("patched-request.json").get("request").get("object");
    String patch =
        answer("patched-request.json", service::mutate).get("response").get("patch").asString();

    // When
    JsonNode patched =
        JsonPatch.apply(Json.MAPPER.readTree(Base64.getDecoder().decode(patch)), raw);

    // Then
    assertThat(patched).isEqualTo(golden("patched-pod.json"));
  }

  private JsonNode answer(String requestFile, Function<ReviewRequest, AdmissionResponse> webhook) {
    var decoded = (AdmissionCodec.Readable) codec.decode(bytes(requestFile));
    return Json.MAPPER.readTree(codec.encode(webhook.apply(decoded.request())));
  }

  static JsonNode golden(String name) {
    return Json.MAPPER.readTree(bytes(name));
  }

  static byte[] bytes(String name) {
    try (InputStream in = GoldenReviewTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing golden file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
