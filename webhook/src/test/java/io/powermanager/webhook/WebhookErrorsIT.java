package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.rules.PowerCatalog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue #19.6 and #19.1 over real HTTPS: the contract is "always a review". An {@link Error} in a
 * decision (StackOverflowError, OutOfMemoryError) and a body nested too deep to read are answered
 * with a well-formed AdmissionReview, never a bare {@code 500 text/plain}; a pod with 8,000
 * containers gets a clear denial.
 */
class WebhookErrorsIT {

  @TempDir Path dir;

  @Test
  void answersAnErrorInTheDecisionWithAReviewEchoingTheUid() throws Exception {
    // Given: a catalog that runs out of memory when the rules look a profile up (an Error, which a
    // catch of RuntimeException and StackOverflowError let out as a bare 500)
    AdmissionService failing =
        new AdmissionService(failingCatalog(), AdmissionSettings.of("power"));
    byte[] review =
        ReviewCorpus.body(
            Fixtures.admissionRequest(
                "CREATE",
                Fixtures.pod(Fixtures.container("app", "1", "1Gi", "performance", "1")),
                null,
                null));

    try (HttpsWebhook webhook = new HttpsWebhook(dir, failing)) {
      // When
      HttpResponse<String> response =
          webhook.post(WebhookRoutes.VALIDATE_PATH, "application/json", review);

      // Then
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode answer = Json.MAPPER.readTree(response.body());
      assertThat(answer.path("kind").asString()).isEqualTo("AdmissionReview");
      assertThat(answer.path("response").path("uid").asString()).isEqualTo("uid-create-web");
      assertThat(answer.path("response").path("allowed").asBoolean(true)).isFalse();
      assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(500);
      assertThat(answer.path("response").path("status").path("message").asString())
          .contains("OutOfMemoryError")
          .doesNotContain("simulated");
    }
  }

  @Test
  void answersABodyNestedTooDeepToReadWithAReview() throws Exception {
    // Given
    int depth = 100_000;
    String body =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
            + "{\"uid\":\"u-1\",\"object\":"
            + "[".repeat(depth)
            + "]".repeat(depth)
            + "}}";

    try (HttpsWebhook webhook = new HttpsWebhook(dir, Fixtures.service())) {
      // When
      HttpResponse<String> response =
          webhook.post(
              WebhookRoutes.VALIDATE_PATH,
              "application/json",
              body.getBytes(StandardCharsets.UTF_8));

      // Then
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode answer = Json.MAPPER.readTree(response.body());
      assertThat(answer.path("kind").asString()).isEqualTo("AdmissionReview");
      assertThat(answer.path("response").path("allowed").asBoolean(true)).isFalse();
      assertThat(answer.path("response").path("status").path("message").asString())
          .startsWith("the body is not JSON");
    }
  }

  @Test
  void deniesAPodWithEightThousandContainersOverHttps() throws Exception {
    // Given: 8,000 annotated containers, about 1 MB of JSON (under the 3 MiB body limit)
    byte[] review =
        ReviewCorpus.body(
            Fixtures.admissionRequest("CREATE", LargePodTest.annotatedPod(8_000), null, null));
    assertThat(review.length).isLessThan((int) WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES);

    try (HttpsWebhook webhook = new HttpsWebhook(dir, Fixtures.service())) {
      // When
      HttpResponse<String> response =
          webhook.post(WebhookRoutes.MUTATE_PATH, "application/json", review);

      // Then
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = Json.MAPPER.readTree(response.body()).path("response");
      assertThat(answer.path("allowed").asBoolean(true)).isFalse();
      assertThat(answer.path("patch").isMissingNode()).isTrue();
      assertThat(answer.path("status").path("message").asString())
          .contains("spec.containers", "8000", "at most 1000");
    }
  }

  /** The test catalog, except that looking a profile up throws {@link OutOfMemoryError}. */
  private static PowerCatalog failingCatalog() {
    PowerCatalog real = Fixtures.catalog();
    return (PowerCatalog)
        Proxy.newProxyInstance(
            PowerCatalog.class.getClassLoader(),
            new Class<?>[] {PowerCatalog.class},
            (proxy, method, args) -> {
              if (method.getName().equals("knowsProfiles")) {
                throw new OutOfMemoryError("simulated: the heap is exhausted");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
