package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SelectorsTest {
  private static final JsonNode POD_ON_NODE_A =
      Json.parse(
          "{\"metadata\":{\"name\":\"pa\",\"namespace\":\"fs\",\"labels\":{\"app\":\"x\",\"tier\":\"web\"}},"
              + "\"spec\":{\"nodeName\":\"node-a\",\"priority\":0},\"status\":{\"phase\":\"Pending\"}}");

  @ParameterizedTest(name = "field selector {0} matches: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "spec.nodeName=node-a|true",
        "spec.nodeName==node-a|true",
        "spec.nodeName!=node-a|false",
        "spec.nodeName=node-b|false",
        "status.phase=Pending,metadata.namespace=fs|true",
        "status.phase=Pending,metadata.namespace!=fs|false",
        "spec.priority=0|true",
        "spec.missing=|true",
        "spec.missing!=x|true",
        "''|true"
      })
  void fieldSelectorEvaluatesAnyDottedPath(String selector, boolean expected) {
    // Given a pod on node-a; When the selector is evaluated; Then it matches as a real server would
    assertThat(FieldSelector.parse(selector).matches(POD_ON_NODE_A)).isEqualTo(expected);
  }

  @Test
  void fieldSelectorWithoutOperatorIsABadRequest() {
    assertThatThrownBy(() -> FieldSelector.parse("spec.nodeName"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @ParameterizedTest(name = "label selector {0} matches: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app=x|true",
        "app==x|true",
        "app!=x|false",
        "app!=y|true",
        "missing!=y|true",
        "app|true",
        "!app|false",
        "!missing|true",
        "app in (x,y)|true",
        "app in (y, z)|false",
        "app notin (y,z)|true",
        "missing notin (y)|true",
        "app in (x,y),app!=y|true",
        "app in (x),tier=db|false",
        "''|true"
      })
  void labelSelectorSupportsEqualityAndSetRequirements(String selector, boolean expected) {
    // Given a pod labelled app=x, tier=web; When the selector is evaluated; Then:
    assertThat(LabelSelector.parse(selector).matchesObject(POD_ON_NODE_A)).isEqualTo(expected);
  }

  @Test
  void labelSelectorObjectCombinesMatchLabelsAndExpressions() {
    // Given a LabelSelector object as webhook configurations hold it
    JsonNode selector =
        Json.parse(
            "{\"matchLabels\":{\"app\":\"x\"},\"matchExpressions\":["
                + "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"web\",\"api\"]},"
                + "{\"key\":\"legacy\",\"operator\":\"DoesNotExist\"}]}");

    // When it is evaluated against the pod and against an empty object
    // Then all requirements must hold
    assertThat(LabelSelector.fromObject(selector).matchesObject(POD_ON_NODE_A)).isTrue();
    assertThat(LabelSelector.fromObject(selector).matchesObject(Json.object())).isFalse();
    assertThat(LabelSelector.fromObject(null).isEverything()).isTrue();
  }

  @Test
  void unknownSelectorOperatorIsABadRequest() {
    JsonNode selector =
        Json.parse(
            "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}");
    assertThatThrownBy(() -> LabelSelector.fromObject(selector))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("Gt"));
  }
}
