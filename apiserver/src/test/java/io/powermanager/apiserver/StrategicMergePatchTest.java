package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StrategicMergePatchTest {
  private static final JsonNode TWO_CONTAINERS =
      Json.parse(
          "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":\"1\"},\"finalizers\":[\"f1\"]},"
              + "\"spec\":{\"containers\":["
              + "{\"name\":\"a\",\"image\":\"busybox\",\"env\":[{\"name\":\"E\",\"value\":\"1\"}],"
              + "\"ports\":[{\"containerPort\":80}]},"
              + "{\"name\":\"b\",\"image\":\"busybox\"}]}}");

  @Test
  void mergesContainersByNameAndKeepsTheOthers() {
    // Given kubectl apply's patch for a change to container b only
    JsonNode patch =
        Json.parse(
            "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
                + "\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"b\"}]}}");

    // When it is applied
    JsonNode result = StrategicMergePatch.apply(TWO_CONTAINERS, patch);

    // Then a is intact, b changed, and no directive is stored
    assertThat(Json.text(result.path("spec")))
        .isEqualTo(
            "{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\",\"env\":[{\"name\":\"E\",\"value\":\"1\"}],"
                + "\"ports\":[{\"containerPort\":80}]},{\"name\":\"b\",\"image\":\"nginx:1.27\"}]}");
  }

  @Test
  void addsNewListItemsAndMergesNestedKeyedLists() {
    // Given a patch adding an env var to a and a new container c
    JsonNode patch =
        Json.parse(
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"F\",\"value\":\"2\"}]},"
                + "{\"name\":\"c\",\"image\":\"redis\"}]}}");

    // When it is applied
    JsonNode result = StrategicMergePatch.apply(TWO_CONTAINERS, patch);

    // Then a keeps E and gains F, and c is appended
    assertThat(result.at("/spec/containers/0/env").size()).isEqualTo(2);
    assertThat(result.at("/spec/containers/2/name").asString()).isEqualTo("c");
  }

  @Test
  void deleteDirectiveRemovesAKeyedItemAndNullRemovesAField() {
    // Given a patch that deletes container b and the label a
    JsonNode patch =
        Json.parse(
            "{\"metadata\":{\"labels\":{\"a\":null}},"
                + "\"spec\":{\"containers\":[{\"name\":\"b\",\"$patch\":\"delete\"}]}}");

    // When it is applied
    JsonNode result = StrategicMergePatch.apply(TWO_CONTAINERS, patch);

    // Then both are gone
    assertThat(result.at("/spec/containers").size()).isEqualTo(1);
    assertThat(result.at("/metadata/labels").has("a")).isFalse();
  }

  @Test
  void replaceDirectiveReplacesAMap() {
    JsonNode patch = Json.parse("{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"z\":\"9\"}}}");

    JsonNode result = StrategicMergePatch.apply(TWO_CONTAINERS, patch);

    assertThat(Json.text(result.at("/metadata/labels"))).isEqualTo("{\"z\":\"9\"}");
  }

  @Test
  void primitiveListsAreReplacedExceptFinalizersWhichMerge() {
    // Given a patch with args (replaced) and finalizers (merged), and a deletion from finalizers
    JsonNode withArgs =
        Json.parse("{\"spec\":{\"containers\":[{\"name\":\"a\",\"args\":[\"1\",\"2\"]}]}}");
    JsonNode patch =
        Json.parse(
            "{\"metadata\":{\"finalizers\":[\"f2\"]},"
                + "\"spec\":{\"containers\":[{\"name\":\"a\",\"args\":[\"3\"]}]}}");
    JsonNode deletion =
        Json.parse("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"f1\"]}}");

    // When they are applied
    JsonNode merged = StrategicMergePatch.apply(StrategicMergePatch.apply(withArgs, patch), patch);
    JsonNode trimmed = StrategicMergePatch.apply(TWO_CONTAINERS, deletion);

    // Then args are replaced, finalizers merged as a set, and the deletion applied
    assertThat(Json.text(merged.at("/spec/containers/0/args"))).isEqualTo("[\"3\"]");
    assertThat(Json.text(merged.at("/metadata/finalizers"))).isEqualTo("[\"f2\"]");
    assertThat(
            Json.text(StrategicMergePatch.apply(TWO_CONTAINERS, patch).at("/metadata/finalizers")))
        .isEqualTo("[\"f1\",\"f2\"]");
    assertThat(trimmed.at("/metadata/finalizers").size()).isZero();
  }

  @Test
  void setElementOrderReordersItems() {
    JsonNode patch =
        Json.parse(
            "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}");

    JsonNode result = StrategicMergePatch.apply(TWO_CONTAINERS, patch);

    assertThat(result.at("/spec/containers/0/name").asString()).isEqualTo("b");
    assertThat(result.at("/spec/containers/1/name").asString()).isEqualTo("a");
  }

  @Test
  void retainKeysDropsUnlistedFields() {
    JsonNode original =
        Json.parse("{\"spec\":{\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":{}}}}");
    JsonNode patch =
        Json.parse(
            "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"RollingUpdate\"}}}");

    JsonNode result = StrategicMergePatch.apply(original, patch);

    assertThat(Json.text(result.at("/spec/strategy"))).isEqualTo("{\"type\":\"RollingUpdate\"}");
  }

  @Test
  void mergePatchReplacesListsAndRemovesNulls() {
    JsonNode result =
        MergePatch.apply(
            TWO_CONTAINERS,
            Json.parse(
                "{\"metadata\":{\"labels\":{\"a\":null,\"b\":\"2\"}},\"spec\":{\"containers\":[]}}"));

    assertThat(Json.text(result.at("/metadata/labels"))).isEqualTo("{\"b\":\"2\"}");
    assertThat(result.at("/spec/containers").size()).isZero();
  }
}
