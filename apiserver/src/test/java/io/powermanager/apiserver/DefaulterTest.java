package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DefaulterTest {
  private static final ResourceType PODS = ResourceCatalog.builtIn("", "v1", "pods");
  private static final ResourceType CONFIG_MAPS = ResourceCatalog.builtIn("", "v1", "configmaps");
  private final Defaulter defaulter =
      new Defaulter(
          Clock.fixed(Instant.parse("2026-11-29T12:00:00.123Z"), ZoneOffset.UTC), new Random(1));

  @Test
  void createFillsMetadataAndPodDefaults() {
    // Given a pod with a limit-only container, posted to namespace fs
    ObjectNode pod =
        (ObjectNode)
            Json.parse(
                "{\"metadata\":{\"generateName\":\"web-\",\"resourceVersion\":\"9\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":"
                    + "{\"cpu\":\"2\",\"memory\":\"1Gi\",\"power.intel.com/performance\":\"2\"}}}]}}");

    // When it is defaulted for create
    defaulter.onCreate(PODS, "fs", pod);

    // Then it has what kube-apiserver would add
    assertThat(Json.name(pod)).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(Json.namespace(pod)).isEqualTo("fs");
    assertThat(Json.string(pod, "metadata.uid")).hasSize(36);
    assertThat(Json.string(pod, "metadata.creationTimestamp")).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(pod.at("/metadata").has("resourceVersion")).isFalse();
    assertThat(
            pod.at("/spec/containers/0/resources/requests/power.intel.com~1performance").asString())
        .isEqualTo("2");
    assertThat(Json.string(pod, "status.phase")).isEqualTo("Pending");
    assertThat(Json.string(pod, "status.qosClass")).isEqualTo("Guaranteed");
    assertThat(Json.string(pod, "spec.schedulerName")).isEqualTo("default-scheduler");
    assertThat(Json.string(pod, "apiVersion") + "/" + Json.string(pod, "kind")).isEqualTo("v1/Pod");
  }

  @Test
  void createRefusesAnotherNamespaceInTheBody() {
    ObjectNode cm =
        (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"c\",\"namespace\":\"other\"}}");

    assertThatThrownBy(() -> defaulter.onCreate(CONFIG_MAPS, "fs", cm))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void createWithoutNameOrGenerateNameIsInvalid() {
    ObjectNode cm = (ObjectNode) Json.parse("{\"metadata\":{}}");

    assertThatThrownBy(() -> defaulter.onCreate(CONFIG_MAPS, "fs", cm))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void mainResourceUpdateKeepsStatusAndBumpsGenerationOnSpecChange() {
    // Given a stored pod and an update that changes spec and tries to change status and uid
    JsonNode old =
        Json.parse(
            "{\"metadata\":{\"name\":\"p\",\"uid\":\"u1\",\"generation\":1,\"creationTimestamp\":\"t\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"a\"}]},\"status\":{\"phase\":\"Running\"}}");
    ObjectNode updated =
        (ObjectNode)
            Json.parse(
                "{\"metadata\":{\"name\":\"p\",\"uid\":\"u2\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\"}]},\"status\":{\"phase\":\"Failed\"}}");

    // When it is prepared for storing
    JsonNode result = defaulter.onUpdate(PODS, old, updated, "");

    // Then status and identity are the stored ones, and generation moved
    assertThat(Json.string(result, "status.phase")).isEqualTo("Running");
    assertThat(Json.string(result, "metadata.uid")).isEqualTo("u1");
    assertThat(result.at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(result.at("/spec/containers/0/image").asString()).isEqualTo("b");
  }

  @Test
  void statusUpdateKeepsSpecAndGeneration() {
    JsonNode old =
        Json.parse(
            "{\"metadata\":{\"name\":\"p\",\"generation\":3,\"resourceVersion\":\"5\"},"
                + "\"spec\":{\"x\":1},\"status\":{\"phase\":\"Pending\"}}");
    ObjectNode updated =
        (ObjectNode)
            Json.parse(
                "{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"5\"},\"spec\":{\"x\":2},"
                    + "\"status\":{\"phase\":\"Running\"}}");

    JsonNode result = defaulter.onUpdate(PODS, old, updated, "status");

    assertThat(result.at("/spec/x").asInt()).isEqualTo(1);
    assertThat(Json.string(result, "status.phase")).isEqualTo("Running");
    assertThat(result.at("/metadata/generation").asLong()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|BestEffort",
        "{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}|Guaranteed",
        "{\"limits\":{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}|Guaranteed",
        "{\"limits\":{\"cpu\":\"2\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}|Burstable",
        "{\"limits\":{\"cpu\":\"2\"},\"requests\":{\"cpu\":\"2\"}}|Burstable",
        "{\"requests\":{\"memory\":\"1Gi\"}}|Burstable"
      })
  void qosClassFollowsTheKubeletRules(String resources, String expected) {
    JsonNode pod =
        Json.parse(
            "{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":" + resources + "}]}}");

    assertThat(Defaulter.qosClass(pod)).isEqualTo(expected);
  }
}
