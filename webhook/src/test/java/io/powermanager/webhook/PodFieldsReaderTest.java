package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validating webhook's fast decode ({@link AdmissionCodec#decodeValidating}: pods read straight
 * into their fields, no fabric8 Pod) answers every body exactly as the typed decode does: over the
 * table cases, the robustness corpus, and every node of realistic pods given a value of every other
 * JSON type.
 */
class PodFieldsReaderTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AdmissionCodec codec = new AdmissionCodec();
  private final AdmissionService service = Fixtures.service();

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.powermanager.webhook.AdmissionServiceValidateTest#pods")
  void readsEveryPodTableCaseFastWithTheTypedVerdict(
      String behaviour, AdmissionRequest request, Object verdict) {
    // Given
    byte[] body = ReviewCorpus.body(request);

    // When
    AdmissionCodec.Decoded fast = codec.decodeValidating(body);

    // Then
    assertThat(fast).isInstanceOf(AdmissionCodec.ReadablePod.class);
    assertThat(answer(fast)).isEqualTo(answer(codec.decode(body)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "io.powermanager.webhook.AdmissionServiceValidateTest#profiles",
    "io.powermanager.webhook.AdmissionServiceValidateTest#configsWorkloadsAndNodes"
  })
  void leavesEveryOtherKindToTheTypedDecode(
      String behaviour, AdmissionRequest request, Object verdict) {
    // Given
    byte[] body = ReviewCorpus.body(request);

    // When
    AdmissionCodec.Decoded fast = codec.decodeValidating(body);

    // Then
    assertThat(fast).isNotInstanceOf(AdmissionCodec.ReadablePod.class);
    assertThat(answer(fast)).isEqualTo(answer(codec.decode(body)));
  }

  @Test
  void readsTheBenchmarksReviewFast() {
    // Given
    byte[] body = benchmarkReview();

    // When
    AdmissionCodec.Decoded fast = codec.decodeValidating(body);

    // Then
    assertThat(fast).isInstanceOf(AdmissionCodec.ReadablePod.class);
    assertThat(answer(fast)).isEqualTo(answer(codec.decode(body))).contains("\"allowed\":true");
  }

  @Test
  void answersEveryRobustnessCaseAsTheTypedDecodeDoes() {
    // Given: the robustness test's 10,000 hostile bodies
    Random random = new Random(20_261_129L);
    List<byte[]> seeds = ReviewCorpus.seeds();
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      bodies.add(ReviewCorpus.hostile(random, seeds, i).body());
    }

    // When
    List<String> different = new ArrayList<>();
    int fast = 0;
    for (byte[] body : bodies) {
      AdmissionCodec.Decoded decoded = codec.decodeValidating(body);
      fast += decoded instanceof AdmissionCodec.ReadablePod ? 1 : 0;
      if (!answer(decoded).equals(answer(codec.decode(body)))) {
        different.add(new String(body, StandardCharsets.UTF_8));
      }
    }

    // Then
    assertThat(different).isEmpty();
    assertThat(fast).as("pod reviews read fast").isGreaterThan(1_500);
  }

  @ParameterizedTest
  @ValueSource(strings = {"benchmark", "rich", "resize"})
  void answersAsTheTypedDecodeWhateverNodeHasAnotherJsonType(String which) {
    // Given: every node of the review replaced by a value of every other JSON type
    JsonNode review = Json.MAPPER.readTree(review(which));
    List<Supplier<JsonNode>> candidates =
        List.of(
            () -> NODES.numberNode(7),
            () -> NODES.numberNode(3_000_000_000L),
            () -> NODES.numberNode(new java.math.BigInteger("99999999999999999999")),
            () -> NODES.numberNode(2.5),
            () -> NODES.stringNode("x"),
            () -> NODES.stringNode(""),
            () -> NODES.stringNode("12"),
            () -> NODES.booleanNode(true),
            NODES::nullNode,
            () -> NODES.arrayNode().add(1).addNull(),
            () -> NODES.arrayNode().add("a"),
            () -> NODES.objectNode().put("k", 1),
            () -> NODES.objectNode().putNull("k"));
    List<byte[]> bodies = new ArrayList<>();
    int nodes = count(review);
    for (int at = 0; at < nodes; at++) {
      for (Supplier<JsonNode> candidate : candidates) {
        JsonNode copy = review.deepCopy();
        replace(copy, at, candidate.get());
        bodies.add(Json.MAPPER.writeValueAsBytes(copy));
      }
    }

    // When
    List<String> different = new ArrayList<>();
    int fast = 0;
    for (byte[] body : bodies) {
      AdmissionCodec.Decoded decoded = codec.decodeValidating(body);
      fast += decoded instanceof AdmissionCodec.ReadablePod ? 1 : 0;
      if (!answer(decoded).equals(answer(codec.decode(body)))) {
        different.add(new String(body, StandardCharsets.UTF_8));
      }
    }

    // Then
    assertThat(different).isEmpty();
    assertThat(fast).as("bodies read fast").isGreaterThan(bodies.size() / 10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // repeated fields: the last one counts, as with the typed reader
        "\"metadata\":{\"namespace\":\"kube-system\"},\"metadata\":{\"name\":\"p\"}",
        "\"spec\":{\"containers\":[CONTAINER],\"containers\":[]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"3\"}},"
            + "\"resources\":{\"limits\":{\"cpu\":\"2\",\"memory\":\"1Gi\","
            + "\"power.intel.com/performance\":\"2\"}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"name\":\"b\",\"resources\":{\"limits\":"
            + "{\"cpu\":\"2\",\"cpu\":\"1\",\"memory\":\"1Gi\",\"power.intel.com/performance\":\"2\"}}}]}",
        // nulls where the typed reader takes them, quantities, labels, int-or-string ports
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":null}}]}",
        "\"spec\":{\"containers\":[CONTAINER],\"overhead\":{\"cpu\":\"100m\"}}",
        "\"metadata\":{\"labels\":{\"a\":\"b\"},\"creationTimestamp\":null,\"annotations\":null}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"livenessProbe\":{\"httpGet\":{\"port\":8080}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"livenessProbe\":{\"httpGet\":{\"port\":\"http\"}}}]}",
        // fields fabric8 does not know go to its any-setter
        "\"unknown\":{\"a\":[1,\"b\",true,{\"c\":2}]}",
        "\"additionalProperties\":{\"a\":\"b\"}",
        // escapes and non-ASCII
        "\"metadata\":{\"name\":\"p\\u00e9\",\"annotations\":{\"power.intel.com/profile\":\"perf\\\"\"}}",
        "\"metadata\":{\"annotations\":{\"note\":\"caf\u00e9 \\ud83d\\ude00\"}}"
      })
  void readsOddButReadablePodsFastWithTheTypedVerdict(String podFields) {
    // Given
    byte[] body = podReview(podFields);

    // When
    AdmissionCodec.Decoded fast = codec.decodeValidating(body);

    // Then
    assertThat(fast).isInstanceOf(AdmissionCodec.ReadablePod.class);
    assertThat(answer(fast)).isEqualTo(answer(codec.decode(body)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // values the typed reader coerces or refuses
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":2}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1e3\"}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"\"}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"2x3y\"}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":null}}}]}",
        "\"spec\":{\"containers\":[null]}",
        "\"spec\":{\"containers\":[CONTAINER],\"terminationGracePeriodSeconds\":\"30\"}",
        "\"spec\":{\"containers\":[CONTAINER],\"priority\":3000000000}",
        "\"spec\":{\"containers\":[CONTAINER],\"hostNetwork\":1}",
        "\"spec\":{\"containers\":[CONTAINER],\"overhead\":{\"cpu\":{\"amount\":\"1\"}}}",
        "\"metadata\":{\"annotations\":{\"a\":1}}",
        "\"metadata\":{\"annotations\":{\"a\":null}}",
        "\"unknown\":{\"a\":null}",
        "\"unknown\":1.5",
        "\"metadata\":{\"unknown\":12345678901234567890123}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"unknown\":[null]}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"livenessProbe\":{\"httpGet\":{\"port\":3000000000}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"livenessProbe\":{\"httpGet\":{\"port\":true}}}]}",
        "\"spec\":{\"containers\":[{\"name\":\"a\",\"livenessProbe\":{\"httpGet\":{\"port\":[]}}}]}"
      })
  void leavesPodsItCannotVouchForToTheTypedDecode(String podFields) {
    // Given
    byte[] body = podReview(podFields);

    // When
    AdmissionCodec.Decoded fast = codec.decodeValidating(body);

    // Then
    assertThat(fast).isNotInstanceOf(AdmissionCodec.ReadablePod.class);
    assertThat(answer(fast)).isEqualTo(answer(codec.decode(body)));
  }

  /** A Pod CREATE review whose object has {@code podFields} ({@code CONTAINER}: a power one). */
  private static byte[] podReview(String podFields) {
    String container =
        "{\"name\":\"app\",\"resources\":{\"limits\":{\"cpu\":\"2\",\"memory\":\"1Gi\","
            + "\"power.intel.com/performance\":\"2\"}}}";
    return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
            + "\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
            + "\"namespace\":\"default\",\"operation\":\"CREATE\",\"object\":{"
            + podFields.replace("CONTAINER", container)
            + "}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What the validating route answers: the review's JSON, or the refusal of an unreadable body. */
  private String answer(AdmissionCodec.Decoded decoded) {
    if (decoded instanceof AdmissionCodec.Unreadable unreadable) {
      return "400 " + unreadable.reason();
    }
    AdmissionResponse response;
    if (decoded instanceof AdmissionCodec.Undecodable u) {
      response = AdmissionResponses.errored(u.uid(), AdmissionResponses.BAD_REQUEST, u.reason());
    } else if (decoded instanceof AdmissionCodec.ReadablePod pod) {
      response = service.validate(pod);
    } else {
      response = service.validate(((AdmissionCodec.Readable) decoded).request());
    }
    return new String(codec.encode(response), StandardCharsets.UTF_8);
  }

  private static String review(String which) {
    return switch (which) {
      case "benchmark" -> new String(benchmarkReview(), StandardCharsets.UTF_8);
      case "rich" ->
          new String(
              ReviewCorpus.body(Fixtures.request("CREATE", richPod())), StandardCharsets.UTF_8);
      default ->
          new String(
              ReviewCorpus.body(
                  Fixtures.request(
                      "UPDATE",
                      Fixtures.pod(Fixtures.container("app", "3", "1Gi", "performance", "2")),
                      Fixtures.pod(Fixtures.container("app", "2", "1Gi", "performance", "2")),
                      "resize")),
              StandardCharsets.UTF_8);
    };
  }

  /**
   * A pod with most kinds of fields: init containers, probes with int-or-string ports, env from
   * fields, volumes, tolerations with long seconds, overhead quantities, labels and annotations.
   */
  private static Pod richPod() {
    return new PodBuilder()
        .withApiVersion("v1")
        .withKind("Pod")
        .withNewMetadata()
        .withGenerateName("web-")
        .withNamespace("default")
        .addToLabels("app", "web")
        .addToAnnotations("power.intel.com/profile", "performance")
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName("web")
        .withUid("u")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .addToInitContainers(Fixtures.container("init", "1", "64Mi"))
        .addToContainers(
            new ContainerBuilder(Fixtures.container("app", "2", "1Gi", "performance", "2"))
                .withArgs("--port=8080")
                .addNewPort()
                .withContainerPort(8080)
                .withName("http")
                .endPort()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPort(new IntOrString(8080))
                .withPath("/healthz")
                .endHttpGet()
                .withPeriodSeconds(10)
                .endLivenessProbe()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .endReadinessProbe()
                .addNewEnv()
                .withName("NODE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("spec.nodeName")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(1000L)
                .endSecurityContext()
                .build())
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("web")
        .withDefaultMode(420)
        .addNewItem()
        .withKey("a")
        .withPath("a")
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewToleration()
        .withKey("node.kubernetes.io/not-ready")
        .withOperator("Exists")
        .withEffect("NoExecute")
        .withTolerationSeconds(300L)
        .endToleration()
        .withOverhead(Map.of("cpu", new Quantity("100m")))
        .withNodeSelector(Map.of("power", "true"))
        .endSpec()
        .build();
  }

  /** The nodes of {@code root}, itself excluded, in document order. */
  private static int count(JsonNode root) {
    int n = 0;
    for (JsonNode child : root) {
      n += 1 + count(child);
    }
    return n;
  }

  /** Replaces the {@code index}-th node of {@code root} (document order) by {@code value}. */
  private static int replace(JsonNode root, int index, JsonNode value) {
    int at = index;
    if (root instanceof ObjectNode object) {
      for (String name : new ArrayList<>(object.propertyNames())) {
        if (at == 0) {
          object.set(name, value);
          return -1;
        }
        at = replace(object.get(name), at - 1, value);
        if (at < 0) {
          return -1;
        }
      }
    } else if (root instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (at == 0) {
          array.set(i, value);
          return -1;
        }
        at = replace(array.get(i), at - 1, value);
        if (at < 0) {
          return -1;
        }
      }
    }
    return at;
  }

  /**
   * The review {@code power-manager bench webhook} sends (its {@code WebhookBenchTest} keeps it
   * so).
   */
  static byte[] benchmarkReview() {
    try (var in = PodFieldsReaderTest.class.getResourceAsStream("/bench-pod-review.json")) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
