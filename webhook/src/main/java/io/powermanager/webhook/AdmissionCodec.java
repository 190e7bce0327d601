package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
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

  /** The request fields the streaming path reads (at most 32: a bit each). */
  private static final List<String> REQUEST_FIELDS =
      List.of(
          "uid",
          "name",
          "namespace",
          "operation",
          "subResource",
          "requestSubResource",
          "kind",
          "requestKind",
          "resource",
          "requestResource",
          "userInfo",
          "dryRun",
          "options",
          "object",
          "oldObject");

  private static final Map<String, Integer> REQUEST_FIELD_INDEX = new HashMap<>();

  static {
    for (int i = 0; i < REQUEST_FIELDS.size(); i++) {
      REQUEST_FIELD_INDEX.put(REQUEST_FIELDS.get(i), i);
    }
  }

  private static final ModelShape GVK = ModelShape.of(GroupVersionKind.class);
  private static final ModelShape GVR = ModelShape.of(GroupVersionResource.class);
  private static final ModelShape USER_INFO = ModelShape.of(UserInfo.class);
  private static final int GVK_GROUP = GVK.index("group");
  private static final int GVK_VERSION = GVK.index("version");
  private static final int GVK_KIND = GVK.index("kind");

  private final JsonMapper mapper;
  private final ObjectReader requestReader;
  private final ObjectWriter reviewWriter;
  private final ObjectReader treeReader;
  private final ObjectReader gvkReader;
  private final ObjectReader gvrReader;
  private final ObjectReader userInfoReader;
  private final Map<AdmittedKind, ObjectReader> objectReaders = new EnumMap<>(AdmittedKind.class);

  public AdmissionCodec() {
    this(Json.MAPPER);
  }

  AdmissionCodec(JsonMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.requestReader = mapper.readerFor(AdmissionRequest.class);
    this.reviewWriter = mapper.writerFor(AdmissionReview.class);
    this.treeReader = inStream(mapper.readerFor(JsonNode.class));
    this.gvkReader = inStream(mapper.readerFor(GroupVersionKind.class));
    this.gvrReader = inStream(mapper.readerFor(GroupVersionResource.class));
    this.userInfoReader = inStream(mapper.readerFor(UserInfo.class));
    for (AdmittedKind kind : AdmittedKind.values()) {
      objectReaders.put(kind, inStream(mapper.readerFor(kind.type())));
    }
  }

  /** What a body turned out to be. */
  public sealed interface Decoded permits Readable, ReadablePod, Undecodable, Unreadable {}

  /** A review whose request could be read; objects are typed. */
  public record Readable(AdmissionRequest request) implements Decoded {}

  /**
   * A Pod review read for the validating webhook ({@link #decodeValidating}): the request's fields
   * that webhook uses (uid, kind, name, namespace, operation, subresources, dryRun; {@code
   * requestKind}, {@code resource}, {@code requestResource}, {@code userInfo} and {@code options}
   * are checked as the typed reader would read them, not kept), and its objects read straight into
   * {@link PodFields} (null where the review has none).
   */
  record ReadablePod(AdmissionRequest request, PodFields object, PodFields oldObject)
      implements Decoded {}

  /**
   * A review whose {@code request.uid} could be read but not the rest: answered with HTTP 200 and
   * an errored response carrying the uid.
   */
  public record Undecodable(String uid, String reason) implements Decoded {}

  /** A body with no readable uid: answered with HTTP 400 and the reason. */
  public record Unreadable(String reason) implements Decoded {}

  /** Decodes a request body; never throws for any input. */
  public Decoded decode(byte[] body) {
    if (body != null && body.length > 0) {
      try {
        Streamed streamed = streamed(body, false);
        if (streamed != null) {
          return new Readable(streamed.request);
        }
      } catch (RuntimeException e) {
        // not a plain well-formed review: the careful path below finds and names the problem
      }
    }
    return decodeCarefully(body);
  }

  /**
   * Decodes a request body for the validating webhook; never throws for any input. A well-formed
   * Pod review comes back as {@link ReadablePod}, its pods read straight into the fields the rules
   * look at ({@link PodFieldsReader}, no fabric8 {@code Pod} built); the rules then see the same
   * views as they would through {@link #decode}. Anything else, and any pod that reader does not
   * vouch for, is decoded by {@link #decode}.
   */
  Decoded decodeValidating(byte[] body) {
    if (body != null && body.length > 0) {
      try {
        Streamed streamed = streamed(body, true);
        if (streamed != null) {
          return new ReadablePod(streamed.request, streamed.object, streamed.oldObject);
        }
      } catch (RuntimeException e) {
        // not a plain Pod review: decode() reads it, typed
      }
    }
    return decode(body);
  }

  /** What one streaming pass read; the pods' fields only when asked for. */
  private static final class Streamed {
    final AdmissionRequest request = new AdmissionRequest();
    PodFields object;
    PodFields oldObject;
  }

  /**
   * The fast path for the reviews the API server sends: one streaming pass, no JSON tree, {@code
   * request.object} and {@code oldObject} bound straight into the class of {@code request.kind},
   * which the API server writes before them. Returns null (or throws) for anything unusual: a
   * missing or repeated field, a field of an unexpected JSON type, objects before the kind; the
   * careful path then decides, so both paths agree on every body.
   */
  AdmissionRequest streamed(byte[] body) {
    Streamed streamed = streamed(body, false);
    return streamed == null ? null : streamed.request;
  }

  /**
   * One streaming pass; with {@code podFields}, only for a Pod review, whose pods are then read
   * into {@link PodFields} and left out of the request.
   */
  private Streamed streamed(byte[] body, boolean podFields) {
    try (JsonParser p = mapper.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String apiVersion = null;
      String kind = null;
      Streamed request = null;
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken token = p.nextToken();
        switch (field) {
          case "apiVersion" -> apiVersion = apiVersion == null ? string(p, token) : null;
          case "kind" -> kind = kind == null ? string(p, token) : null;
          case "request" -> {
            if (request != null || token != JsonToken.START_OBJECT) {
              return null;
            }
            request = streamedRequest(p, podFields);
            if (request == null) {
              return null;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null
          || !API_VERSION.equals(apiVersion)
          || !KIND.equals(kind)
          || request == null
          || request.request.getUid() == null
          || request.request.getUid().isEmpty()) {
        return null;
      }
      return request;
    }
  }

  private Streamed streamedRequest(JsonParser p, boolean podFields) {
    Streamed streamed = new Streamed();
    AdmissionRequest r = streamed.request;
    int seen = 0;
    for (String field = p.nextName(); field != null; field = p.nextName()) {
      JsonToken token = p.nextToken();
      Integer index = REQUEST_FIELD_INDEX.get(field);
      int bit = index == null ? 0 : 1 << index;
      if ((seen & bit) != 0) {
        return null; // a repeated field: let the careful path apply JSON's last-one-wins
      }
      seen |= bit;
      boolean read =
          switch (field) {
            case "uid" -> set(r::setUid, string(p, token));
            case "name" -> set(r::setName, string(p, token));
            case "namespace" -> set(r::setNamespace, string(p, token));
            case "operation" -> set(r::setOperation, string(p, token));
            case "subResource" -> set(r::setSubResource, string(p, token));
            case "requestSubResource" -> set(r::setRequestSubResource, string(p, token));
            case "kind" ->
                podFields
                    ? set(r::setKind, groupVersionKind(p, token))
                        && AdmittedKind.of(r.getKind()) == AdmittedKind.POD
                    : set(r::setKind, object(p, token, gvkReader));
            case "requestKind" ->
                podFields
                    ? isObject(GVK, p, token)
                    : set(r::setRequestKind, object(p, token, gvkReader));
            case "resource" ->
                podFields
                    ? isObject(GVR, p, token)
                    : set(r::setResource, object(p, token, gvrReader));
            case "requestResource" ->
                podFields
                    ? isObject(GVR, p, token)
                    : set(r::setRequestResource, object(p, token, gvrReader));
            case "userInfo" ->
                podFields
                    ? isObject(USER_INFO, p, token)
                    : set(r::setUserInfo, object(p, token, userInfoReader));
            case "dryRun" ->
                token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE
                    ? set(r::setDryRun, token == JsonToken.VALUE_TRUE)
                    : token == JsonToken.VALUE_NULL;
            case "options" ->
                podFields
                    ? token != JsonToken.VALUE_NULL && ModelShape.acceptsUntyped(p, token)
                    : set(
                        r::setOptions,
                        token == JsonToken.VALUE_NULL ? null : treeReader.readValue(p));
            case "object", "oldObject" -> {
              if (token == JsonToken.VALUE_NULL) {
                yield true;
              }
              if (token != JsonToken.START_OBJECT || r.getKind() == null) {
                yield false;
              }
              if (podFields) {
                PodFields pod = PodFieldsReader.read(p, token);
                if (field.equals("object")) {
                  streamed.object = pod;
                } else {
                  streamed.oldObject = pod;
                }
                yield true;
              }
              HasMetadata object = objectReaders.get(AdmittedKind.of(r.getKind())).readValue(p);
              if (field.equals("object")) {
                r.setObject(object);
              } else {
                r.setOldObject(object);
              }
              yield true;
            }
            default -> {
              p.skipChildren();
              yield true;
            }
          };
      if (!read) {
        return null;
      }
    }
    return streamed;
  }

  /**
   * {@code request.kind} read without a deserializer: group, version and kind as strings, as the
   * typed reader would; null when the value is not an object of that shape.
   */
  private static GroupVersionKind groupVersionKind(JsonParser p, JsonToken token) {
    if (token != JsonToken.START_OBJECT) {
      return null;
    }
    String[] values = new String[3];
    PropertyNameMatcher matcher = GVK.matcher();
    for (int i = p.nextNameMatch(matcher);
        i != PropertyNameMatcher.MATCH_END_OBJECT;
        i = p.nextNameMatch(matcher)) {
      JsonToken t = p.nextToken();
      int at = i == GVK_GROUP ? 0 : i == GVK_VERSION ? 1 : i == GVK_KIND ? 2 : -1;
      if (at >= 0 && (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL)) {
        values[at] = t == JsonToken.VALUE_NULL ? null : p.getString();
      } else if (at >= 0 || !GVK.acceptsProperty(p, i, t)) {
        return null;
      }
    }
    return new GroupVersionKind(values[0], values[2], values[1]);
  }

  /** Whether the value is an object (not null) that {@code shape} accepts. */
  private static boolean isObject(ModelShape shape, JsonParser p, JsonToken token) {
    return token == JsonToken.START_OBJECT && shape.accepts(p, token);
  }

  /** A reader for one value in the middle of a stream (the rest of the stream is not its). */
  private static ObjectReader inStream(ObjectReader reader) {
    return reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The string at the parser; null for any other token (null JSON included). */
  private static String string(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_STRING ? p.getString() : null;
  }

  private static <T> T object(JsonParser p, JsonToken token, ObjectReader reader) {
    return token == JsonToken.START_OBJECT ? reader.readValue(p) : null;
  }

  /** Sets a field the fast path read; false (not readable in one pass) when it is null. */
  private static <T> boolean set(java.util.function.Consumer<T> setter, T value) {
    if (value == null) {
      return false;
    }
    setter.accept(value);
    return true;
  }

  /** The tree-based path: reads whatever can be read and names the first problem. */
  Decoded decodeCarefully(byte[] body) {
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
    JsonNode options = request.remove("options");
    AdmissionRequest typed;
    try {
      typed = requestReader.readValue(request);
    } catch (JacksonException e) {
      return new Undecodable(uid, "request" + pathOf(e) + ": " + describe(e));
    }
    if (options != null && !options.isNull()) {
      typed.setOptions(options); // CreateOptions etc.: passed on as JSON, never read
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

  /**
   * The bytes the review writer gives an allowed response with only {@code uid} (plain ASCII),
   * written directly.
   */
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
      return objectReaders.get(kind).readValue(node);
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
