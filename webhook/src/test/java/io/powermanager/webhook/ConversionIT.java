package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /convert} over real HTTPS, beside the admission routes. */
class ConversionIT {

  @TempDir Path dir;

  @Test
  void answersAConversionReviewOnTheWebhookPort() throws Exception {
    // Given
    String review =
        """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"ConversionReview",
         "request":{"uid":"r-9","desiredAPIVersion":"power.intel.com/v1alpha1","objects":[
          {"apiVersion":"power.intel.com/v1","kind":"PowerWorkload",
           "metadata":{"name":"shared-node-1","namespace":"power"},
           "spec":{"name":"shared-node-1","allCores":true,"reservedCPUs":[{"cores":[0,1]}]}}]}}""";

    try (HttpsWebhook webhook =
        new HttpsWebhook(
            dir, new AdmissionService(Fixtures.catalog(), AdmissionSettings.of("power")))) {
      // When
      HttpResponse<String> response = webhook.post(ConversionRoutes.PATH, review);
      HttpResponse<String> notJson =
          webhook.post(ConversionRoutes.PATH, "text/plain", review.getBytes());

      // Then
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = Json.MAPPER.readTree(response.body());
      assertThat(answer.path("response").path("uid").asString()).isEqualTo("r-9");
      assertThat(
              answer
                  .path("response")
                  .path("convertedObjects")
                  .get(0)
                  .path("spec")
                  .path("reservedCPUs"))
          .isEqualTo(Json.MAPPER.readTree("[0,1]"));
      assertThat(notJson.statusCode()).isEqualTo(400);
    }
  }
}
