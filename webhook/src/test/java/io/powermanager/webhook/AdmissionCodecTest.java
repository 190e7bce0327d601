package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectWriter;

class AdmissionCodecTest {

  private final AdmissionCodec codec = new AdmissionCodec();

  static Stream<Arguments> unreadableBodies() {
    return Stream.of(
        Arguments.of("", "the body is empty; expected an admission.k8s.io/v1 AdmissionReview"),
        Arguments.of("{\"request\":", "the body is not JSON: Unexpected end-of-input"),
        Arguments.of(
            "[1,2]",
            "the body is a JSON array, not an object; expected an admission.k8s.io/v1"
                + " AdmissionReview"),
        Arguments.of(
            "{\"apiVersion\":\"admission.k8s.io/v1\"}",
            "request is missing; expected an admission.k8s.io/v1 AdmissionReview"),
        Arguments.of("{\"request\":\"x\"}", "request is a JSON string, not an object"),
        Arguments.of("{\"request\":{}}", "request.uid is missing"),
        Arguments.of(
            "{\"request\":{\"uid\":5}}",
            "request.uid is a JSON number; expected a non-empty string"),
        Arguments.of(
            "{\"request\":{\"uid\":\"\"}}", "request.uid is empty; expected a non-empty string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void refusesBodiesWithoutAReadableUid(String body, String reason) {
    // When
    AdmissionCodec.Decoded decoded = codec.decode(body.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(decoded).isInstanceOf(AdmissionCodec.Unreadable.class);
    assertThat(((AdmissionCodec.Unreadable) decoded).reason()).startsWith(reason);
  }

  static Stream<Arguments> undecodableReviews() {
    return Stream.of(
        Arguments.of(
            review("admission.k8s.io/v1beta1", "\"operation\":\"CREATE\""),
            "this webhook reads admission.k8s.io/v1 AdmissionReview, not"
                + " \"admission.k8s.io/v1beta1\" \"AdmissionReview\"; set"
                + " admissionReviewVersions: [\"v1\"]"),
        Arguments.of(
            review(AdmissionCodec.API_VERSION, "\"operation\":[1]"),
            "request.operation is a JSON array; expected a string"),
        Arguments.of(
            review(AdmissionCodec.API_VERSION, "\"kind\":\"Pod\""),
            "request.kind is a JSON string, not an object"),
        Arguments.of(
            review(AdmissionCodec.API_VERSION, podKind() + ",\"object\":[]"),
            "request.object is a JSON array, not an object"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("undecodableReviews")
  void keepsTheUidOfReviewsItCannotRead(String body, String reason) {
    // When
    AdmissionCodec.Decoded decoded = codec.decode(body.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(decoded).isInstanceOf(AdmissionCodec.Undecodable.class);
    assertThat(((AdmissionCodec.Undecodable) decoded).uid()).isEqualTo("u-1");
    assertThat(((AdmissionCodec.Undecodable) decoded).reason()).isEqualTo(reason);
  }

  static Stream<Arguments> podsThatDoNotFitTheirKind() {
    return Stream.of(
        Arguments.of(
            "\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":\"app\"}}",
            "request.object.spec.containers is a JSON string, not an array"),
        Arguments.of(
            "\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":[null]}}",
            "request.object.spec.containers[0] is a JSON null, not an object"),
        Arguments.of(
            "\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":[{\"name\":\"a\","
                + "\"resources\":{\"limits\":{\"cpu\":[2]}}}]}}",
            "request.object.spec.containers[0].resources.limits.cpu is a JSON array"),
        Arguments.of(
            "\"operation\":\"UPDATE\",\"subResource\":\"resize\",\"object\":{\"spec\":{}},"
                + "\"oldObject\":{\"metadata\":{\"annotations\":{\"a\":null}}}",
            "request.oldObject.metadata.annotations.a is a JSON null"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("podsThatDoNotFitTheirKind")
  void answersAPodThatDoesNotFitItsKindWithCode400NamingThePath(String fields, String reason) {
    // Given
    var decoded =
        (AdmissionCodec.Readable)
            codec.decode(
                review(AdmissionCodec.API_VERSION, podKind() + "," + fields)
                    .getBytes(StandardCharsets.UTF_8));

    // When
    AdmissionResponse response = Fixtures.service().validate(decoded.request());

    // Then
    assertThat(response.getUid()).isEqualTo("u-1");
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).isEqualTo(reason);
  }

  @Test
  void readsTheRequestFieldsAndLeavesTheObjectsAsJson() {
    // Given
    String profile =
        review(
            AdmissionCodec.API_VERSION,
            "\"kind\":{\"group\":\"power.intel.com\",\"version\":\"v1alpha1\","
                + "\"kind\":\"PowerProfile\"},\"operation\":\"UPDATE\",\"namespace\":\"power\","
                + "\"name\":\"p\",\"subResource\":\"status\",\"object\":{\"spec\":{\"epp\":\"power\"}},"
                + "\"oldObject\":null,\"userInfo\":{\"username\":\"u\"}");
    String other =
        review(
            AdmissionCodec.API_VERSION,
            "\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}");

    // When
    var readProfile =
        (AdmissionCodec.Readable) codec.decode(profile.getBytes(StandardCharsets.UTF_8));
    var readOther = (AdmissionCodec.Readable) codec.decode(other.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(readProfile.request())
        .isEqualTo(
            new ReviewRequest(
                "u-1",
                AdmittedKind.POWER_PROFILE,
                "UPDATE",
                "status",
                "power",
                "p",
                Json.MAPPER.readTree("{\"spec\":{\"epp\":\"power\"}}"),
                null));
    assertThat(readOther.request().kind()).isEqualTo(AdmittedKind.OTHER);
    assertThat(readOther.request().operation()).isEmpty();
    assertThat(readOther.request().object()).isNull();
  }

  @Test
  void takesTheLastOfRepeatedFieldsAsJsonParsersDo() {
    // Given
    String body = review(AdmissionCodec.API_VERSION, "\"operation\":\"DELETE\",\"uid\":\"u-2\"");

    // When
    var decoded = (AdmissionCodec.Readable) codec.decode(body.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(decoded.request().uid()).isEqualTo("u-2");
  }

  @Test
  void writesAnAdmissionReviewEnvelope() {
    // When
    String json =
        new String(
            codec.encode(AdmissionResponses.allowed("u-1", java.util.List.of())),
            StandardCharsets.UTF_8);

    // Then
    assertThat(Json.MAPPER.readTree(json))
        .isEqualTo(
            Json.MAPPER.readTree(
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                    + "\"response\":{\"uid\":\"u-1\",\"allowed\":true}}"));
  }

  @Test
  void writesEveryAnswerByteForByteAsTheReviewWriterDoes() {
    // Given: allowed answers (the ones written directly) with generated uids, and the others
    java.util.Random random = new java.util.Random(20_261_130L);
    String alphabet = "ab-09Z \"\\/\u0001\u007f\u00e9\u2028\ud83d\ude00\ud800";
    List<AdmissionResponse> responses = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder uid = new StringBuilder();
      for (int c = random.nextInt(40); c > 0; c--) {
        uid.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      responses.add(AdmissionResponses.allowed(uid.toString(), List.of()));
    }
    responses.add(AdmissionResponses.allowed("u-1", List.of("a warning")));
    responses.add(AdmissionResponses.allowed("", List.of()));
    responses.add(AdmissionResponses.allowed(null, List.of()));
    responses.add(AdmissionResponses.patched("u-1", "[]"));
    responses.add(AdmissionResponses.errored("u-1", 400, "bad"));
    AdmissionResponse audited = AdmissionResponses.allowed("u-1", List.of());
    audited.setAuditAnnotations(Map.of("a", "b"));
    responses.add(audited);
    AdmissionResponse extra = AdmissionResponses.allowed("u-1", List.of());
    extra.setAdditionalProperty("x", 1);
    responses.add(extra);
    ObjectWriter writer = Json.MAPPER.writerFor(AdmissionReview.class);

    // When
    List<String> different =
        responses.stream()
            .filter(r -> !Arrays.equals(codec.encode(r), writer.writeValueAsBytes(review(r))))
            .map(AdmissionResponse::toString)
            .toList();

    // Then
    assertThat(different).isEmpty();
  }

  private static AdmissionReview review(AdmissionResponse response) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(AdmissionCodec.API_VERSION);
    review.setKind(AdmissionCodec.KIND);
    review.setResponse(response);
    return review;
  }

  private static String podKind() {
    return "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}";
  }

  private static String review(String apiVersion, String requestFields) {
    return "{\"apiVersion\":\""
        + apiVersion
        + "\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
        + requestFields
        + "}}";
  }
}
