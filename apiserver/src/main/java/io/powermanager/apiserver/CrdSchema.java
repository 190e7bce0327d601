package io.powermanager.apiserver;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.path.NodePath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One served version's {@code openAPIV3Schema}: pruning ({@link StructuralPruning}), validation by
 * the networknt JSON Schema validator (OpenAPI 3.0 dialect: {@code nullable}, Draft 4 keywords,
 * formats asserted, {@code int32}/{@code int64} added) and the {@code x-kubernetes-validations}
 * rules ({@link CelRules}). Errors come back as kube-apiserver words them (go-openapi's messages,
 * apiextensions' mapping onto {@link FieldError} reasons).
 *
 * <p>Updates ratchet as kube-apiserver 1.33+ does: an error on a value that the update left as it
 * was is dropped, so an object stored before a schema tightened can still get its finalizers
 * removed or its status written.
 */
final class CrdSchema {
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getOpenApi30())
          .format(new IntegerFormat("int32", Integer.MIN_VALUE, Integer.MAX_VALUE))
          .format(new IntegerFormat("int64", Long.MIN_VALUE, Long.MAX_VALUE))
          .build();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          DIALECT,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private final JsonNode structural;
  private final Schema schema;
  private final CelRules rules;

  CrdSchema(JsonNode openApiV3Schema) {
    this.structural = openApiV3Schema;
    this.schema = REGISTRY.getSchema(toJsonSchema(openApiV3Schema));
    this.rules = new CelRules(openApiV3Schema);
  }

  /** Drops undeclared fields in place; returns their paths. */
  List<String> prune(ObjectNode object) {
    return StructuralPruning.prune(object, structural);
  }

  /**
   * The object's errors, empty when it is valid.
   *
   * @param old the stored object for an update (errors on values it already had are dropped), or
   *     {@code null}
   */
  List<FieldError> validate(JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<com.networknt.schema.Error>> alternatives = new LinkedHashMap<>();
    for (com.networknt.schema.Error error : schema.validate(object)) {
      JsonPointer at = pointer(error.getInstanceLocation());
      if (old != null && !old.at(at).isMissingNode() && old.at(at).equals(object.at(at))) {
        continue; // ratcheting: unchanged since the stored version
      }
      if (error.getEvaluationPath().toString().contains("/anyOf/")) {
        alternatives
            .computeIfAbsent(field(error.getInstanceLocation()), k -> new ArrayList<>())
            .add(error);
        continue;
      }
      errors.add(toFieldError(error));
    }
    alternatives.forEach((field, failed) -> errors.add(noAlternative(field, failed)));
    // an int32/int64 range is not worth a second error where minimum/maximum already complained
    errors.removeIf(
        e ->
            e.detail().contains(" must be of type int")
                && errors.stream()
                    .anyMatch(o -> o != e && o.field().equals(e.field()) && !o.equals(e)));
    if (errors.isEmpty()) {
      errors.addAll(rules.validate(object, old));
    }
    return errors;
  }

  private static FieldError toFieldError(com.networknt.schema.Error error) {
    String field = field(error.getInstanceLocation());
    JsonNode value = error.getInstanceNode();
    JsonNode limit = error.getSchemaNode();
    String in = field + " in body";
    return switch (error.getKeyword()) {
      case "type" ->
          FieldError.typeInvalid(
              field,
              FieldError.quote(jsonType(value)),
              in
                  + " must be of type "
                  + limit.asString()
                  + ": "
                  + FieldError.quote(jsonType(value)));
      case "required" -> FieldError.required(join(field, error.getProperty()));
      case "enum" -> {
        List<JsonNode> supported = new ArrayList<>();
        limit.forEach(supported::add);
        yield FieldError.notSupported(field, value, supported);
      }
      case "minimum" ->
          FieldError.invalid(
              field,
              FieldError.render(value),
              in
                  + (exclusive(error, "exclusiveMinimum")
                      ? " should be greater than "
                      : " should be greater than or equal to ")
                  + number(limit));
      case "maximum" ->
          FieldError.invalid(
              field,
              FieldError.render(value),
              in
                  + (exclusive(error, "exclusiveMaximum")
                      ? " should be less than "
                      : " should be less than or equal to ")
                  + number(limit));
      case "pattern" ->
          FieldError.invalid(
              field, FieldError.render(value), in + " should match '" + limit.asString() + "'");
      case "maxLength" -> FieldError.tooLong(field, limit.asLong());
      case "minLength" ->
          FieldError.invalid(
              field,
              FieldError.render(value),
              in + " should be at least " + limit.asLong() + " chars long");
      case "maxItems" -> FieldError.tooMany(field, value.size(), limit.asLong());
      case "minItems" ->
          FieldError.invalid(
              field,
              Integer.toString(value.size()),
              in + " should have at least " + limit.asLong() + " items");
      case "maxProperties" ->
          FieldError.invalid(
              field,
              Integer.toString(value.size()),
              in + " should have at most " + limit.asLong() + " properties");
      case "minProperties" ->
          FieldError.invalid(
              field,
              Integer.toString(value.size()),
              in + " should have at least " + limit.asLong() + " properties");
      case "multipleOf" ->
          FieldError.invalid(
              field, FieldError.render(value), in + " should be a multiple of " + number(limit));
      case "format" ->
          FieldError.invalid(
              field,
              FieldError.render(value),
              in
                  + " must be of type "
                  + limit.asString()
                  + ": "
                  + FieldError.quote(value.isString() ? value.asString() : value.toString()));
      default -> FieldError.invalid(field, FieldError.render(value), in + " " + error.getMessage());
    };
  }

  /** Every branch of an {@code anyOf} failed (int-or-string): one type error, as go-openapi. */
  private static FieldError noAlternative(String field, List<com.networknt.schema.Error> failed) {
    List<String> types = new ArrayList<>();
    for (com.networknt.schema.Error error : failed) {
      if (!error.getKeyword().equals("type")) {
        return toFieldError(error);
      }
      types.add(error.getSchemaNode().asString());
    }
    String actual = FieldError.quote(jsonType(failed.get(0).getInstanceNode()));
    return FieldError.typeInvalid(
        field,
        actual,
        field + " in body must be of type " + String.join(",", types) + ": " + actual);
  }

  private static boolean exclusive(com.networknt.schema.Error error, String keyword) {
    // the error's schema node is the limit itself; networknt words the exclusive case apart
    return error.getMessage().contains("exclusive");
  }

  private static String number(JsonNode limit) {
    return limit.isNumber()
        ? new BigDecimal(limit.asString(limit.toString())).stripTrailingZeros().toPlainString()
        : limit.toString();
  }

  /** go-openapi's name for a JSON value's type. */
  static String jsonType(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isString()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : "object";
  }

  /** {@code spec.items[0].name} for {@code /spec/items/0/name}. */
  static String field(NodePath path) {
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        field.append('[').append(index).append(']');
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(element);
      }
    }
    return field.toString();
  }

  private static JsonPointer pointer(NodePath path) {
    JsonPointer pointer = JsonPointer.empty();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      pointer =
          element instanceof Integer index
              ? pointer.appendIndex(index)
              : pointer.appendProperty(String.valueOf(element));
    }
    return pointer;
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  /**
   * The structural schema as a JSON Schema: Kubernetes extensions removed, {@code
   * x-kubernetes-int-or-string} spelled as {@code anyOf: [integer, string]} where the CRD does not
   * already say so. {@code description} is left (an annotation).
   */
  static JsonNode toJsonSchema(JsonNode structural) {
    if (!(structural instanceof ObjectNode source)) {
      return structural;
    }
    ObjectNode schema = Json.object();
    for (String key : source.propertyNames()) {
      JsonNode value = source.get(key);
      switch (key) {
        case "properties", "patternProperties", "definitions" -> {
          ObjectNode children = schema.putObject(key);
          for (String name : value.propertyNames()) {
            children.set(name, toJsonSchema(value.get(name)));
          }
        }
        case "items", "additionalProperties", "not" -> schema.set(key, toJsonSchema(value));
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode branches = schema.putArray(key);
          value.forEach(branch -> branches.add(toJsonSchema(branch)));
        }
        default -> {
          if (!key.startsWith("x-kubernetes-")) {
            schema.set(key, value.deepCopy());
          }
        }
      }
    }
    if (source.path("x-kubernetes-int-or-string").asBoolean(false) && !schema.has("anyOf")) {
      schema.remove("type");
      ArrayNode anyOf = schema.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    return schema;
  }

  /** {@code format: int32|int64}: an integer within the range (other values are not checked). */
  private record IntegerFormat(String name, long min, long max) implements Format {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean matches(ExecutionContext context, SchemaContext schemaContext, JsonNode value) {
      if (!value.isIntegralNumber()) {
        return true;
      }
      if (!value.canConvertToLong()) {
        return false;
      }
      long v = value.asLong();
      return v >= min && v <= max;
    }
  }
}
