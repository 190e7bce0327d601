package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The chart's PowerProfile and PowerWorkload schemas applied as kube-apiserver applies them. */
class CrdSchemaTest {
  private static final CrdSchema PROFILES = new CrdSchema(ChartCrds.schema("powerprofiles"));
  private static final CrdSchema WORKLOADS = new CrdSchema(ChartCrds.schema("powerworkloads"));

  @Test
  void acceptsAValidProfile() {
    assertThat(PROFILES.validate(profile("\"max\": 3600, \"cpuCapacity\": \"50%\""), null))
        .isEmpty();
    assertThat(PROFILES.validate(profile("\"min\": \"50%\", \"max\": \"base\""), null)).isEmpty();
  }

  @Test
  void refusesAFloatForAnIntegerWithKubeApiserversWording() {
    List<FieldError> errors = PROFILES.validate(profile("\"max\": 3500.7"), null);

    assertThat(errors)
        .containsExactly(
            FieldError.typeInvalid(
                "spec.max",
                "\"number\"",
                "spec.max in body must be of type integer,string: \"number\""));
    assertThat(errors.get(0).message())
        .isEqualTo(
            "Invalid value: \"number\": spec.max in body must be of type integer,string:"
                + " \"number\"");
    assertThat(errors.get(0).reason()).isEqualTo("FieldValueTypeInvalid");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"max\": 0          | spec.max: Invalid value: \"integer\": a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "\"max\": 3000000000 | spec.max: Invalid value: \"integer\": a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "\"min\": 5000000    | spec.min: Invalid value: \"integer\": a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "\"min\": \"fast\"   | spec.min: Invalid value: \"string\": a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "\"max\": \"101%\"    | spec.max: Invalid value: \"string\": a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"",
        "\"governor\": \"turbo\" | spec.governor: Unsupported value: \"turbo\": supported values: \"conservative\", \"ondemand\", \"performance\", \"powersave\", \"schedutil\", \"userspace\"",
        "\"cpuCapacity\": \"150%\" | spec.cpuCapacity: Invalid value: \"string\": cpuCapacity must be a CPU count such as 4 or a percentage from 1% to 100%",
        "\"cpuCapacity\": -1  | spec.cpuCapacity: Invalid value: \"integer\": cpuCapacity must be a CPU count such as 4 or a percentage from 1% to 100%",
        "\"cpuCapacity\": 1.5 | spec.cpuCapacity: Invalid value: \"number\": spec.cpuCapacity in body must be of type integer,string: \"number\"",
      })
  void refusesOutOfSchemaValues(String field, String summary) {
    List<FieldError> errors = PROFILES.validate(profile(field), null);

    assertThat(errors).extracting(FieldError::summary).containsExactly(summary);
  }

  @Test
  void namesEveryMissingRequiredField() {
    JsonNode object =
        Json.parse(
            "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
                + "\"metadata\":{\"name\":\"eco\"},\"spec\":{\"max\":2000}}");

    List<FieldError> errors = PROFILES.validate(object, null);

    assertThat(errors)
        .extracting(FieldError::reason, FieldError::field, FieldError::message)
        .containsExactlyInAnyOrder(
            // spec.epp is optional in the schema since v1 is served; the webhook requires it
            org.assertj.core.groups.Tuple.tuple(
                "FieldValueRequired", "spec.name", "Required value"));
  }

  @Test
  void checksArrayItemsByIndex() {
    JsonNode object =
        Json.parse(
            "{\"metadata\":{\"name\":\"shared\"},"
                + "\"spec\":{\"name\":\"shared\",\"reservedCPUs\":[0,9000]}}");

    assertThat(WORKLOADS.validate(object, null))
        .extracting(FieldError::summary)
        .containsExactly(
            "spec.reservedCPUs[1]: Invalid value: 9000: spec.reservedCPUs[1] in body should be"
                + " less than or equal to 8191");
  }

  @Test
  void updatesRatchetValuesTheyLeaveAsTheyWere() {
    // Given a workload stored before the schema had a maximum
    JsonNode old =
        Json.parse(
            "{\"metadata\":{\"name\":\"shared\"},"
                + "\"spec\":{\"name\":\"shared\",\"reservedCPUs\":[0,9000]}}");
    ObjectNode finalizersRemoved = (ObjectNode) old.deepCopy();
    Json.metadata(finalizersRemoved).putArray("finalizers");
    ObjectNode raised = (ObjectNode) old.deepCopy();
    ((ObjectNode) raised.path("spec")).putArray("reservedCPUs").add(0).add(9001);

    // Then an update that leaves the value passes; one that changes it is refused
    assertThat(WORKLOADS.validate(finalizersRemoved, old)).isEmpty();
    assertThat(WORKLOADS.validate(raised, old))
        .extracting(FieldError::field)
        .contains("spec.reservedCPUs[1]");
  }

  @Test
  void prunesUndeclaredFieldsAndKeepsMetadata() {
    ObjectNode object =
        (ObjectNode)
            Json.parse(
                "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
                    + "\"metadata\":{\"name\":\"eco\",\"labels\":{\"a\":\"b\"},\"bogus\":1},"
                    + "\"spec\":{\"name\":\"eco\",\"epp\":\"power\",\"uncoreX\":{\"C6\":true}},"
                    + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"extra\":1}]},"
                    + "\"top\":1}");

    List<String> pruned = PROFILES.prune(object);

    assertThat(pruned)
        .containsExactlyInAnyOrder(
            "metadata.bogus", "spec.uncoreX", "status.conditions[0].extra", "top");
    assertThat(Json.text(object))
        .isEqualTo(
            "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
                + "\"metadata\":{\"name\":\"eco\",\"labels\":{\"a\":\"b\"}},"
                + "\"spec\":{\"name\":\"eco\",\"epp\":\"power\"},"
                + "\"status\":{\"conditions\":[{\"type\":\"Ready\"}]}}");
  }

  @Test
  void preserveUnknownFieldsKeepsThem() {
    CrdSchema open =
        new CrdSchema(
            Json.parse(
                "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\","
                    + "\"x-kubernetes-preserve-unknown-fields\":true}}}"));
    ObjectNode object = (ObjectNode) Json.parse("{\"spec\":{\"anything\":{\"goes\":1}}}");

    assertThat(open.prune(object)).isEmpty();
    assertThat(object.path("spec").path("anything").path("goes").asInt()).isEqualTo(1);
  }

  @Test
  void int32FormatIsARange() {
    CrdSchema counts =
        new CrdSchema(
            Json.parse(
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\","
                    + "\"format\":\"int32\"}}}"));

    assertThat(counts.validate(Json.parse("{\"n\":2147483647}"), null)).isEmpty();
    assertThat(counts.validate(Json.parse("{\"n\":2147483648}"), null))
        .extracting(FieldError::summary)
        .containsExactly(
            "n: Invalid value: 2147483648: n in body must be of type int32: \"2147483648\"");
  }

  private static JsonNode profile(String specFields) {
    return Json.parse(
        "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
            + "\"metadata\":{\"name\":\"eco\"},"
            + "\"spec\":{\"name\":\"eco\",\"epp\":\"power\","
            + specFields
            + "}}");
  }
}
