package io.powermanager.cli.validate;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.powermanager.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The structural part of what the API server checks against a CRD's OpenAPI schema with {@code
 * fieldValidation=Strict} (kubectl's default): unknown fields and wrong JSON types. Value rules
 * (enums, ranges, names) are left to the domain rules, which explain them better. {@code metadata}
 * and {@code status} are not checked (the API server takes metadata from ObjectMeta and ignores
 * status on a resource with a status subresource). The schema is that of the object's version.
 */
final class SchemaCheck {

  private SchemaCheck() {}

  static List<Violation> check(JsonNode object, CustomResourceDefinition crd) {
    String apiVersion = object.path("apiVersion").asString("");
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    JSONSchemaProps root =
        crd.getSpec().getVersions().stream()
            .filter(v -> v.getName().equals(version))
            .findFirst()
            .orElse(crd.getSpec().getVersions().get(0))
            .getSchema()
            .getOpenAPIV3Schema();
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String field = e.getKey();
      if (field.equals("apiVersion")
          || field.equals("kind")
          || field.equals("metadata")
          || field.equals("status")) {
        continue;
      }
      JSONSchemaProps schema = root.getProperties().get(field);
      if (schema == null) {
        out.add(new Violation(field, "unknown field \"" + field + "\""));
      } else {
        walk(field, e.getValue(), schema, out);
      }
    }
    return out;
  }

  private static void walk(
      String path, JsonNode value, JSONSchemaProps schema, List<Violation> out) {
    if (value == null || value.isNull()) {
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!value.isIntegralNumber() && !value.isString()) {
        out.add(new Violation(path, "expected a whole number or a string, got " + describe(value)));
      }
      return;
    }
    String type = schema.getType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          out.add(new Violation(path, "expected a map, got " + describe(value)));
          return;
        }
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        JSONSchemaProps additional =
            schema.getAdditionalProperties() == null
                ? null
                : schema.getAdditionalProperties().getSchema();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          String child = path + "." + e.getKey();
          JSONSchemaProps prop =
              schema.getProperties() == null ? null : schema.getProperties().get(e.getKey());
          if (prop != null) {
            walk(child, e.getValue(), prop, out);
          } else if (additional != null) {
            walk(path + "[" + e.getKey() + "]", e.getValue(), additional, out);
          } else if (!preserve) {
            out.add(new Violation(child, "unknown field \"" + e.getKey() + "\""));
          }
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          out.add(new Violation(path, "expected a list, got " + describe(value)));
          return;
        }
        JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
        if (items != null) {
          for (int i = 0; i < value.size(); i++) {
            walk(path + "[" + i + "]", value.get(i), items, out);
          }
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(new Violation(path, "expected a whole number, got " + describe(value)));
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          out.add(new Violation(path, "expected a number, got " + describe(value)));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(new Violation(path, "expected true or false, got " + describe(value)));
        }
      }
      case "string" -> {
        if (!value.isString()) {
          out.add(new Violation(path, "expected a string, got " + describe(value)));
        }
      }
      default -> {}
    }
  }

  /** What a value is, for a message: {@code a list}, {@code "fast"}, {@code 3.5}. */
  static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a map";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isString()) {
      return "\"" + value.stringValue() + "\"";
    }
    return value.toString();
  }
}
