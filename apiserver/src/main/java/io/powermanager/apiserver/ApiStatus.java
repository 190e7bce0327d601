package io.powermanager.apiserver;

import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@code meta/v1 Status} bodies worded like kube-apiserver's, so that kubectl and client
 * libraries print and classify them as they would against a real cluster.
 */
final class ApiStatus {
  private ApiStatus() {}

  static ObjectNode failure(int code, String reason, String message) {
    ObjectNode status = status("Failure");
    status.put("message", message);
    if (reason != null && !reason.isEmpty()) {
      status.put("reason", reason);
    }
    status.put("code", code);
    return status;
  }

  static ObjectNode success(int code) {
    ObjectNode status = status("Success");
    status.put("code", code);
    return status;
  }

  private static ObjectNode status(String outcome) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    return status;
  }

  static ApiException error(int code, String reason, String message) {
    return new ApiException(failure(code, reason, message));
  }

  static ApiException badRequest(String message) {
    return error(400, "BadRequest", message);
  }

  static ApiException notFound(ResourceType type, String name) {
    return withDetails(
        error(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found"), type, name);
  }

  static ApiException notFoundPath(String path) {
    return error(
        404, "NotFound", "the server could not find the requested resource (" + path + ")");
  }

  static ApiException alreadyExists(ResourceType type, String name) {
    return withDetails(
        error(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists"),
        type,
        name);
  }

  static ApiException conflict(ResourceType type, String name) {
    return conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try"
            + " again");
  }

  static ApiException conflict(ResourceType type, String name, String why) {
    return withDetails(
        error(
            409,
            "Conflict",
            "Operation cannot be fulfilled on "
                + type.qualifiedPlural()
                + " \""
                + name
                + "\": "
                + why),
        type,
        name);
  }

  static ApiException unsupportedMediaType(String contentType, String accepted) {
    return error(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + accepted
            + " (got "
            + contentType
            + ")");
  }

  /**
   * kube-apiserver's 422 for a failed validation: reason {@code Invalid}, {@code details.causes}
   * one per field error, the message {@code Kind.group "name" is invalid: field: message} (a
   * bracketed list when there are several).
   */
  static ApiException invalid(ResourceType type, String name, java.util.List<FieldError> errors) {
    String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    java.util.List<String> summaries = errors.stream().map(FieldError::summary).toList();
    String message =
        qualifiedKind
            + " \""
            + name
            + "\" is invalid: "
            + (summaries.size() == 1 ? summaries.get(0) : "[" + String.join(", ", summaries) + "]");
    ApiException e = error(422, "Invalid", message);
    ObjectNode details = e.status().putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.kind());
    tools.jackson.databind.node.ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", error.reason());
      cause.put("message", error.message());
      cause.put("field", error.field());
    }
    return e;
  }

  static ApiException methodNotAllowed(String message) {
    return error(405, "MethodNotAllowed", message);
  }

  static ApiException internal(String message) {
    return error(500, "InternalError", "Internal error occurred: " + message);
  }

  /** The standard reason phrase kube-apiserver uses for an HTTP code. */
  static String reasonFor(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "";
    };
  }

  private static ApiException withDetails(ApiException e, ResourceType type, String name) {
    ObjectNode details = e.status().putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return e;
  }
}
