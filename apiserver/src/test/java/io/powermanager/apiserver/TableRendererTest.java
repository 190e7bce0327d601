package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class TableRendererTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private final TableRenderer renderer = new TableRenderer(Clock.fixed(NOW, ZoneOffset.UTC));

  @ParameterizedTest(name = "{0}s is {1}")
  @CsvSource({
    "-5,<invalid>",
    "-1,0s",
    "0,0s",
    "119,119s",
    "120,2m",
    "150,2m30s",
    "600,10m",
    "10799,179m",
    "10800,3h",
    "12600,3h30m",
    "28800,8h",
    "172799,47h",
    "172800,2d",
    "180000,2d2h",
    "691200,8d",
    "63072000,2y",
    "63158400,2y1d",
    "252288000,8y"
  })
  void formatsAgesLikeKubectl(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void rendersPodColumns() {
    // Given a bound pod with one of two containers ready and 3 restarts
    JsonNode pod =
        Json.parse(
            "{\"metadata\":{\"name\":\"web\",\"creationTimestamp\":\"2026-11-29T11:55:00Z\"},"
                + "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
                + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.5\",\"containerStatuses\":["
                + "{\"ready\":true,\"restartCount\":1},{\"ready\":false,\"restartCount\":2}]}}");

    // When it is rendered as a table
    JsonNode table =
        renderer.table(
            ResourceCatalog.builtIn("", "v1", "pods"),
            List.of(pod),
            "7",
            TableRenderer.IncludeObject.METADATA);

    // Then it has kubectl's pod columns and a metadata-only object
    assertThat(table.path("columnDefinitions").findValuesAsString("name"))
        .containsExactly(
            "Name",
            "Ready",
            "Status",
            "Restarts",
            "Age",
            "IP",
            "Node",
            "Nominated Node",
            "Readiness Gates");
    assertThat(Json.text(table.at("/rows/0/cells")))
        .isEqualTo(
            "[\"web\",\"1/2\",\"Running\",\"3\",\"5m\",\"10.0.0.5\",\"node-1\",\"<none>\",\"<none>\"]");
    assertThat(table.at("/rows/0/object/kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(table.at("/metadata/resourceVersion").asString()).isEqualTo("7");
  }

  @Test
  void rendersNodeStatusAndRoles() {
    JsonNode node =
        Json.parse(
            "{\"metadata\":{\"name\":\"n1\",\"creationTimestamp\":\"2026-11-27T12:00:00Z\","
                + "\"labels\":{\"node-role.kubernetes.io/control-plane\":\"\"}},"
                + "\"spec\":{\"unschedulable\":true},"
                + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
                + "\"nodeInfo\":{\"kubeletVersion\":\"v1.33.0\"}}}");

    JsonNode table =
        renderer.table(
            ResourceCatalog.builtIn("", "v1", "nodes"),
            List.of(node),
            "",
            TableRenderer.IncludeObject.NONE);

    assertThat(Json.text(table.at("/rows/0/cells")).substring(0, 70))
        .startsWith("[\"n1\",\"Ready,SchedulingDisabled\",\"control-plane\",\"2d\",\"v1.33.0\"");
    assertThat(table.at("/rows/0").has("object")).isFalse();
  }

  @Test
  void rendersCrdPrinterColumnsWithDatesAsAges() {
    // Given a CRD with an integer, a missing and a date printer column
    JsonNode crd =
        Json.parse(
            "{\"spec\":{\"group\":\"power.intel.com\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"powerprofiles\","
                + "\"kind\":\"PowerProfile\"},\"versions\":[{\"name\":\"v1alpha1\",\"served\":true,"
                + "\"additionalPrinterColumns\":["
                + "{\"name\":\"Max\",\"type\":\"integer\",\"jsonPath\":\".spec.max\"},"
                + "{\"name\":\"Governor\",\"type\":\"string\",\"jsonPath\":\".spec.governor\"},"
                + "{\"name\":\"Ready\",\"type\":\"string\",\"jsonPath\":\".status.conditions[?(@.type==\\\"Ready\\\")].status\"},"
                + "{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}]}]}}");
    ResourceType type = ResourceCatalog.fromCrd(crd).get(0);
    JsonNode profile =
        Json.parse(
            "{\"metadata\":{\"name\":\"performance\",\"creationTimestamp\":\"2026-11-29T11:00:00Z\"},"
                + "\"spec\":{\"max\":3600},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");

    // When a profile is rendered
    JsonNode table = renderer.table(type, List.of(profile), "", TableRenderer.IncludeObject.OBJECT);

    // Then the cells follow the columns
    assertThat(Json.text(table.at("/rows/0/cells")))
        .isEqualTo("[\"performance\",3600,null,\"True\",\"60m\"]");
    assertThat(table.at("/rows/0/object/spec/max").asInt()).isEqualTo(3600);
  }

  @Test
  void jsonPathSupportsIndexesQuotedKeysAndWildcards() {
    JsonNode object =
        Json.parse(
            "{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"pm\"}},"
                + "\"spec\":{\"items\":[{\"n\":\"a\"},{\"n\":\"b\"}]}}");

    assertThat(
            SimpleJsonPath.select(object, ".metadata.labels['app.kubernetes.io/name']")
                .get(0)
                .asString())
        .isEqualTo("pm");
    assertThat(SimpleJsonPath.select(object, ".spec.items[1].n").get(0).asString()).isEqualTo("b");
    assertThat(SimpleJsonPath.select(object, ".spec.items[*].n")).hasSize(2);
    assertThat(SimpleJsonPath.select(object, "{.spec.missing}")).isEmpty();
  }
}
