package io.powermanager.webhook;

import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers {@code apiextensions.k8s.io/v1} ConversionReviews on Jackson trees: every object of
 * {@code request.objects} converted to {@code request.desiredAPIVersion} ({@link
 * VersionConversion}), in the same order, under the request's uid; the whole review fails (result
 * {@code Failure}, no objects) when one object cannot be converted, naming it. Pure and
 * thread-safe.
 */
public final class ConversionReviews {

  /** {@code apiVersion} of every review read and written. */
  public static final String API_VERSION = "apiextensions.k8s.io/v1";

  /** {@code kind} of every review read and written. */
  public static final String KIND = "ConversionReview";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConversionReviews() {}

  /** A request that has no uid to answer under: the transport answers 400 with the reason. */
  public static final class UnreadableReview extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableReview(String message) {
      super(message);
    }
  }

  /**
   * The answer to {@code review}.
   *
   * @throws UnreadableReview when the body is not a ConversionReview with a {@code request.uid}
   */
  public static ObjectNode answer(JsonNode review) throws UnreadableReview {
    if (review == null || !review.isObject()) {
      throw new UnreadableReview("the body is not a JSON object; expected a " + describe());
    }
    if (!API_VERSION.equals(review.path("apiVersion").asString(""))
        || !KIND.equals(review.path("kind").asString(""))) {
      throw new UnreadableReview(
          "apiVersion/kind are "
              + review.path("apiVersion").asString("(none)")
              + "/"
              + review.path("kind").asString("(none)")
              + "; expected a "
              + describe());
    }
    JsonNode request = review.get("request");
    if (request == null || !request.isObject()) {
      throw new UnreadableReview("request is missing; expected a " + describe());
    }
    JsonNode uid = request.get("uid");
    if (uid == null || !uid.isString() || uid.stringValue().isEmpty()) {
      throw new UnreadableReview("request.uid is missing");
    }
    ObjectNode answer = NODES.objectNode();
    answer.put("apiVersion", API_VERSION);
    answer.put("kind", KIND);
    ObjectNode response = answer.putObject("response");
    response.put("uid", uid.stringValue());
    String desired = request.path("desiredAPIVersion").asString("");
    JsonNode objects = request.get("objects");
    if (objects != null && !objects.isNull() && !objects.isArray()) {
      fail(response, "request.objects must be an array");
      return answer;
    }
    ArrayNode converted = NODES.arrayNode();
    int index = 0;
    for (JsonNode object : objects == null || objects.isNull() ? NODES.arrayNode() : objects) {
      try {
        converted.add(VersionConversion.convert(object, desired));
      } catch (ConversionException e) {
        fail(
            response,
            "request.objects["
                + index
                + "] ("
                + describe(object)
                + ") cannot be converted to "
                + (desired.isEmpty() ? "(no desiredAPIVersion)" : desired)
                + ": "
                + e.getMessage());
        return answer;
      }
      index++;
    }
    response.set("convertedObjects", converted);
    response.putObject("result").put("status", "Success");
    return answer;
  }

  /** An answer for a review whose uid is known but which failed in the transport. */
  public static ObjectNode failure(String uid, String message) {
    ObjectNode answer = NODES.objectNode();
    answer.put("apiVersion", API_VERSION);
    answer.put("kind", KIND);
    ObjectNode response = answer.putObject("response");
    if (uid != null) {
      response.put("uid", uid);
    }
    fail(response, message);
    return answer;
  }

  private static void fail(ObjectNode response, String message) {
    response.remove("convertedObjects");
    ObjectNode result = response.putObject("result");
    result.put("status", "Failure");
    result.put("message", message);
  }

  private static String describe() {
    return API_VERSION + " " + KIND;
  }

  private static String describe(JsonNode object) {
    if (object == null || !object.isObject()) {
      return "not an object";
    }
    JsonNode meta = object.path("metadata");
    String ns = meta.path("namespace").asString("");
    return object.path("kind").asString("?")
        + " "
        + (ns.isEmpty() ? "" : ns + "/")
        + meta.path("name").asString("?");
  }
}
