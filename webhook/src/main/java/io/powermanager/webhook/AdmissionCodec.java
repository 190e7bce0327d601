package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.powermanager.domain.rules.ApiVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview bodies and writes AdmissionReview answers.
 *
 * <p>One decode per body: the JSON tree, from which the request fields the webhook uses are read
 * ({@link ReviewRequest}). The uid is read first, so it is echoed whenever it can be read; the
 * objects are left as JSON for the service. Fields the webhook does not use ({@code userInfo},
 * {@code options}, ...) are not checked. Thread-safe.
 */
public final class AdmissionCodec {

  /** {@code apiVersion} of every review this webhook reads and writes. */
  public static final String API_VERSION = "admission.k8s.io/v1";

  /** {@code kind} of every review this webhook reads and writes. */
  public static final String KIND = "AdmissionReview";

  private static final int MAX_REASON_LENGTH = 300;

  private final ObjectWriter reviewWriter = Json.MAPPER.writerFor(AdmissionReview.class);

  /** What a body turned out to be. */
  public sealed interface Decoded permits Readable, Undecodable, Unreadable {}

  /** A review whose request could be read. */
  public record Readable(ReviewRequest request) implements Decoded {}

  /**
   * A review whose {@code request.uid} could be read but not the rest: answered with HTTP 200 and
   * an errored response carrying the uid.
   */
  public record Undecodable(String uid, String reason) implements Decoded {}

  /** A body with no readable uid: answered with HTTP 400 and the reason. */
  public record Unreadable(String reason) implements Decoded {}

  /** Decodes a request body; never throws for any input. */
  public Decoded decode(byte[] body) {
    if (body == null || body.length == 0) {
      return new Unreadable("the body is empty; expected an admission.k8s.io/v1 AdmissionReview");
    }
    try {
      return decode(Json.MAPPER.readTree(body));
    } catch (JacksonException e) {
      return new Unreadable("the body is not JSON: " + describe(e));
    }
  }

  /** Decodes a review already parsed (in-process callers); never throws. */
  public Decoded decode(JsonNode root) {
    if (root == null || !root.isObject()) {
      return new Unreadable(
          "the body is a JSON "
              + typeOf(root)
              + ", not an object; expected an admission.k8s.io/v1 AdmissionReview");
    }
    JsonNode request = root.get("request");
    if (request == null || request.isNull()) {
      return new Unreadable("request is missing; expected an admission.k8s.io/v1 AdmissionReview");
    }
    if (!request.isObject()) {
      return new Unreadable("request is a JSON " + typeOf(request) + ", not an object");
    }
    JsonNode uidNode = request.get("uid");
    if (uidNode == null || uidNode.isNull()) {
      return new Unreadable("request.uid is missing");
    }
    if (!uidNode.isString() || uidNode.asString().isEmpty()) {
      return new Unreadable(
          "request.uid is "
              + (uidNode.isString() ? "empty" : "a JSON " + typeOf(uidNode))
              + "; expected a non-empty string");
    }
    String uid = uidNode.asString();
    String apiVersion = text(root.get("apiVersion"));
    String kind = text(root.get("kind"));
    if (!API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
      return new Undecodable(
          uid,
          "this webhook reads "
              + API_VERSION
              + " "
              + KIND
              + ", not \""
              + Objects.requireNonNullElse(apiVersion, "")
              + "\" \""
              + Objects.requireNonNullElse(kind, "")
              + "\"; set admissionReviewVersions: [\"v1\"]");
    }
    try {
      JsonNode gvk = object(request, "kind", "request.");
      return new Readable(
          new ReviewRequest(
              uid,
              gvk == null
                  ? AdmittedKind.OTHER
                  : AdmittedKind.of(
                      string(gvk, "group", "request.kind."), string(gvk, "kind", "request.kind.")),
              Objects.requireNonNullElse(string(request, "operation", "request."), ""),
              string(request, "subResource", "request."),
              string(request, "namespace", "request."),
              string(request, "name", "request."),
              object(request, "object", "request."),
              object(request, "oldObject", "request."),
              gvk == null
                  ? ApiVersion.V1ALPHA1
                  : ApiVersion.of(string(gvk, "version", "request.kind."))));
    } catch (ObjectDecodingException e) {
      return new Undecodable(uid, e.getMessage());
    }
  }

  /** The answer to a request: an AdmissionReview carrying only {@code response}. */
  public byte[] encode(AdmissionResponse response) {
    if (isPlainAllowed(response)) {
      return allowed(response.getUid());
    }
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(API_VERSION);
    review.setKind(KIND);
    review.setResponse(response);
    return reviewWriter.writeValueAsBytes(review);
  }

  private static final byte[] ALLOWED_HEAD =
      ("{\"apiVersion\":\""
              + API_VERSION
              + "\",\"kind\":\""
              + KIND
              + "\",\"response\":{\"allowed\":true,\"uid\":\"")
          .getBytes(StandardCharsets.US_ASCII);

  private static final byte[] ALLOWED_TAIL = "\"}}".getBytes(StandardCharsets.US_ASCII);

  /** An allowed response with a uid and nothing else: the answer to most reviews. */
  private static boolean isPlainAllowed(AdmissionResponse r) {
    return Boolean.TRUE.equals(r.getAllowed())
        && isPlainAscii(r.getUid())
        && r.getStatus() == null
        && r.getPatch() == null
        && r.getPatchType() == null
        && (r.getWarnings() == null || r.getWarnings().isEmpty())
        && (r.getAuditAnnotations() == null || r.getAuditAnnotations().isEmpty())
        && r.getAdditionalProperties().isEmpty();
  }

  /** Printable ASCII without quote or backslash: a JSON string with nothing to escape. */
  private static boolean isPlainAscii(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** The bytes the review writer gives an allowed response with only a plain ASCII uid. */
  private static byte[] allowed(String uid) {
    byte[] quoted = uid.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[ALLOWED_HEAD.length + quoted.length + ALLOWED_TAIL.length];
    System.arraycopy(ALLOWED_HEAD, 0, out, 0, ALLOWED_HEAD.length);
    System.arraycopy(quoted, 0, out, ALLOWED_HEAD.length, quoted.length);
    System.arraycopy(
        ALLOWED_TAIL, 0, out, ALLOWED_HEAD.length + quoted.length, ALLOWED_TAIL.length);
    return out;
  }

  /**
   * The string field {@code name} of {@code node}; null when absent or JSON null.
   *
   * @param at the path of {@code node} for the message, e.g. {@code request.}
   * @throws ObjectDecodingException when it is another JSON type
   */
  static String string(JsonNode node, String name, String at) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new ObjectDecodingException(
          at + name + " is a JSON " + typeOf(value) + "; expected a string", null);
    }
    return value.asString();
  }

  /** The object field {@code name} of {@code node}; null when absent or JSON null. */
  static JsonNode object(JsonNode node, String name, String at) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new ObjectDecodingException(
          at + name + " is a JSON " + typeOf(value) + ", not an object", null);
    }
    return value;
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** {@code .spec.containers[0].name} from the exception's reference chain, or {@code ""}. */
  static String pathOf(JacksonException e) {
    if (!(e instanceof DatabindException)) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        path.append('.').append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The first line of Jackson's message, without location or reference chain, shortened. */
  static String describe(JacksonException e) {
    String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getName());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    return shorten(message.strip(), MAX_REASON_LENGTH);
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
