package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The ConversionReview contract of kube-apiserver, on trees. */
class ConversionReviewsTest {

  private static final String PROFILE_V1ALPHA1 =
      """
      {"apiVersion":"power.intel.com/v1alpha1","kind":"PowerProfile",
       "metadata":{"name":"shared","namespace":"power","uid":"o-1","resourceVersion":"7",
                   "labels":{"a":"b"},"creationTimestamp":"2026-12-06T00:00:00Z"},
       "spec":{"name":"shared","max":1500,"min":1000,"epp":"power"}}""";

  private static final String WORKLOAD_V1 =
      """
      {"apiVersion":"power.intel.com/v1","kind":"PowerWorkload",
       "metadata":{"name":"shared-node-1","namespace":"power"},
       "spec":{"name":"shared-node-1","allCores":true,"reservedCPUs":[{"cores":[0,1]}],
               "powerProfile":"shared"}}""";

  private static JsonNode review(String desired, String... objects) {
    return Json.MAPPER.readTree(
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\","
            + "\"request\":{\"uid\":\"r-1\",\"desiredAPIVersion\":\""
            + desired
            + "\",\"objects\":["
            + String.join(",", objects)
            + "]}}");
  }

  @Test
  void convertsEveryObjectInOrderUnderTheRequestUid() throws Exception {
    // When
    JsonNode answer =
        ConversionReviews.answer(review("power.intel.com/v1", PROFILE_V1ALPHA1, WORKLOAD_V1));

    // Then
    assertThat(answer.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(answer.path("kind").asString()).isEqualTo("ConversionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asString()).isEqualTo("r-1");
    assertThat(response.path("result").path("status").asString()).isEqualTo("Success");
    JsonNode objects = response.path("convertedObjects");
    assertThat(objects.size()).isEqualTo(2);
    assertThat(objects.get(0).path("apiVersion").asString()).isEqualTo("power.intel.com/v1");
    assertThat(objects.get(0).path("metadata"))
        .isEqualTo(Json.MAPPER.readTree(PROFILE_V1ALPHA1).path("metadata"));
    assertThat(objects.get(0).path("spec").path("shared").asBoolean()).isTrue();
    assertThat(objects.get(1)).isEqualTo(Json.MAPPER.readTree(WORKLOAD_V1));
  }

  @Test
  void failsTheWholeReviewWhenOneObjectCannotBeConverted() throws Exception {
    // Given: the second object has reservedCPUs of a shape neither version allows
    String broken = WORKLOAD_V1.replace("[{\"cores\":[0,1]}]", "\"0-1\"");

    // When
    JsonNode answer =
        ConversionReviews.answer(review("power.intel.com/v1alpha1", PROFILE_V1ALPHA1, broken));

    // Then
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asString()).isEqualTo("r-1");
    assertThat(response.has("convertedObjects")).isFalse();
    assertThat(response.path("result").path("status").asString()).isEqualTo("Failure");
    assertThat(response.path("result").path("message").asString())
        .isEqualTo(
            "request.objects[1] (PowerWorkload power/shared-node-1) cannot be converted to"
                + " power.intel.com/v1alpha1: spec.reservedCPUs must be an array, not STRING");
  }

  @Test
  void failsAnUnservedDesiredVersion() throws Exception {
    // When
    JsonNode answer = ConversionReviews.answer(review("power.intel.com/v2", PROFILE_V1ALPHA1));

    // Then
    assertThat(answer.path("response").path("result").path("message").asString())
        .contains("desiredAPIVersion \"power.intel.com/v2\" is not served");
  }

  @Test
  void refusesABodyWithoutUid() {
    assertThatThrownBy(
            () ->
                ConversionReviews.answer(
                    Json.MAPPER.readTree(
                        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"ConversionReview\","
                            + "\"request\":{}}")))
        .isInstanceOf(ConversionReviews.UnreadableReview.class)
        .hasMessage("request.uid is missing");
  }
}
