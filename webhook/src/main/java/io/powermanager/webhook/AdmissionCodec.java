package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview bodies and writes AdmissionReview answers.
 *
 * <p>A body is decoded in three steps so that the uid is echoed whenever it can be read: the JSON
 * tree, then {@code request.uid}, then the typed request and its objects. {@code request.object}
 * and {@code request.oldObject} are read into the typed class of {@code request.kind} ({@code Pod},
 * {@code PowerProfile}, ...; {@code GenericKubernetesResource} for other kinds), so the {@link
 * AdmissionService} receives typed objects. Thread-safe.
 */
public final class AdmissionCodec {

  /** {@code apiVersion} of every review this webhook reads and writes. */
  public static final String API_VERSION = "admission.k8s.io/v1";

  /** {@code kind} of every review this webhook reads and writes. */
  public static final String KIND = "AdmissionReview";

  private static final int MAX_REASON_LENGTH = 300;

  private final JsonMapper mapper;
  private final ObjectReader requestReader;
  private final ObjectWriter reviewWriter;

  public AdmissionCodec() {
    this(Json.MAPPER);
  }

  AdmissionCodec(JsonMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.requestReader = mapper.readerFor(AdmissionRequest.class);
    this.reviewWriter = mapper.writerFor(AdmissionReview.class);
  }

  /** What a body turned out to be. */
  public sealed interface Decoded permits Readable, Undecodable, Unreadable {}

  /** A review whose request could be read; objects are typed. */
  public record Readable(AdmissionRequest request) implements Decoded {}

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
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      return new Unreadable("the body is not JSON: " + describe(e));
    }
    if (root == null || !root.isObject()) {
      return new Unreadable(
          "the body is a JSON "
              + typeOf(root)
              + ", not an object; expected an admission.k8s.io/v1 AdmissionReview");
    }
    JsonNode requestNode = root.get("request");
    if (requestNode == null || requestNode.isNull()) {
      return new Unreadable("request is missing; expected an admission.k8s.io/v1 AdmissionReview");
    }
    if (!requestNode.isObject()) {
      return new Unreadable("request is a JSON " + typeOf(requestNode) + ", not an object");
    }
    JsonNode uidNode = requestNode.get("uid");
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
    ObjectNode request = (ObjectNode) requestNode;
    JsonNode object = request.remove("object");
    JsonNode oldObject = request.remove("oldObject");
    AdmissionRequest typed;
    try {
      typed = requestReader.readValue(request);
    } catch (JacksonException e) {
      return new Undecodable(uid, "request" + pathOf(e) + ": " + describe(e));
    }
    AdmittedKind admitted = AdmittedKind.of(typed.getKind());
    try {
      typed.setObject(typedObject(object, admitted));
    } catch (ObjectDecodingException e) {
      return new Undecodable(uid, "request.object" + e.getMessage());
    }
    try {
      typed.setOldObject(typedObject(oldObject, admitted));
    } catch (ObjectDecodingException e) {
      return new Undecodable(uid, "request.oldObject" + e.getMessage());
    }
    return new Readable(typed);
  }

  /** The answer to a request: an AdmissionReview carrying only {@code response}. */
  public byte[] encode(AdmissionResponse response) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(API_VERSION);
    review.setKind(KIND);
    review.setResponse(response);
    return reviewWriter.writeValueAsBytes(review);
  }

  /**
   * {@code object} as {@code type}: itself when it already is one, else converted through JSON (for
   * in-process callers that hand over maps or generic resources).
   *
   * @throws ObjectDecodingException when it does not fit {@code type}
   */
  <T> T convert(Object object, Class<T> type) {
    if (type.isInstance(object)) {
      return type.cast(object);
    }
    try {
      return mapper.convertValue(object, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ObjectDecodingException(": cannot be read as " + type.getSimpleName(), e);
    }
  }

  /** The JSON tree of a typed object, as the API server would see it. */
  JsonNode tree(Object value) {
    return mapper.valueToTree(value);
  }

  JsonMapper mapper() {
    return mapper;
  }

  private HasMetadata typedObject(JsonNode node, AdmittedKind kind) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isObject()) {
      throw new ObjectDecodingException(" is a JSON " + typeOf(node) + ", not an object", null);
    }
    try {
      return mapper.treeToValue(node, kind.type());
    } catch (JacksonException e) {
      throw new ObjectDecodingException(pathOf(e) + ": " + describe(e), e);
    }
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
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
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
