package io.powermanager.apiserver;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One field's validation error, shaped as k8s.io/apimachinery's {@code field.Error}: a reason
 * ({@code FieldValueInvalid}, {@code FieldValueRequired}, ...), the dotted field path and the
 * detail. {@link #message()} is the cause message kube-apiserver sends ({@code Invalid value:
 * "number": spec.max in body must be of type integer: "number"}).
 *
 * @param value the offending value as kube-apiserver prints it ({@link #render}), {@code null}
 *     where the message carries none
 */
record FieldError(String reason, String field, String value, String detail) {

  static FieldError invalid(String field, String value, String detail) {
    return new FieldError("FieldValueInvalid", field, value, detail);
  }

  static FieldError typeInvalid(String field, String value, String detail) {
    return new FieldError("FieldValueTypeInvalid", field, value, detail);
  }

  static FieldError required(String field) {
    return new FieldError("FieldValueRequired", field, null, "");
  }

  static FieldError notSupported(String field, JsonNode value, List<JsonNode> supported) {
    String values = supported.stream().map(FieldError::render).collect(Collectors.joining(", "));
    return new FieldError(
        "FieldValueNotSupported", field, render(value), "supported values: " + values);
  }

  static FieldError tooLong(String field, long max) {
    return new FieldError(
        "FieldValueTooLong", field, null, "may not be more than " + max + " bytes");
  }

  static FieldError tooMany(String field, int actual, long max) {
    return new FieldError(
        "FieldValueTooMany",
        field,
        Integer.toString(actual),
        "must have at most " + max + " items");
  }

  /** The cause message: {@code Invalid value: 0: spec.max in body should be ...}. */
  String message() {
    return switch (reason) {
      case "FieldValueRequired" ->
          detail.isEmpty() ? "Required value" : "Required value: " + detail;
      case "FieldValueNotSupported" -> "Unsupported value: " + value + ": " + detail;
      case "FieldValueTooLong" -> "Too long: " + detail;
      case "FieldValueTooMany" -> "Too many: " + value + ": " + detail;
      case "FieldValueForbidden" -> "Forbidden: " + detail;
      default -> "Invalid value: " + value + (detail.isEmpty() ? "" : ": " + detail);
    };
  }

  /** The field path and message, as an aggregated error lists them. */
  String summary() {
    return field + ": " + message();
  }

  /** A value as Go's {@code field.Error} prints it: strings quoted, numbers and booleans bare. */
  static String render(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "null";
    }
    if (value.isString()) {
      return quote(value.asString());
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.toString();
    }
    return quote(value.toString());
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
