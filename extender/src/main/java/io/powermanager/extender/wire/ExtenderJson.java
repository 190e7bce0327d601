package io.powermanager.extender.wire;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the extender's wire types with Jackson's streaming API (writing 5,000 names
 * measured about twice as fast as binding the records; reading about the same). The result is what
 * binding the annotated records would give: top-level keys are matched case-insensitively, as Go's
 * decoder does, so clients that lowercase them are understood too; the embedded Pod is bound to the
 * fabric8 model; the NodeList is kept as a tree. Thread-safe.
 */
public final class ExtenderJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // checked by readArgs itself
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private static final byte[] HOST = "{\"Host\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SCORE = "\",\"Score\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] DIGITS = new byte[11][];

  static {
    for (int i = 0; i < DIGITS.length; i++) {
      DIGITS[i] = ascii(i);
    }
  }

  private ExtenderJson() {}

  /** The mapper used for the embedded Kubernetes objects. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads a request body.
   *
   * @throws BadRequestException when the body is not JSON, not an object, or has no Pod
   */
  public static ExtenderArgs readArgs(InputStream body) {
    try (JsonParser p = MAPPER.createParser(body)) {
      return readArgs(p);
    } catch (JacksonException e) {
      throw new BadRequestException(
          "request body is not an ExtenderArgs object: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a request body held in memory. */
  public static ExtenderArgs readArgs(byte[] body) {
    try (JsonParser p = MAPPER.createParser(body)) {
      return readArgs(p);
    } catch (JacksonException e) {
      throw new BadRequestException(
          "request body is not an ExtenderArgs object: " + e.getOriginalMessage(), e);
    }
  }

  private static ExtenderArgs readArgs(JsonParser p) {
    JsonToken first = p.nextToken();
    if (first == null || first == JsonToken.VALUE_NULL) {
      throw new BadRequestException("request body is empty or null");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new BadRequestException("request body is not a JSON object but " + first);
    }
    Pod pod = null;
    JsonNode nodes = null;
    List<String> names = null;
    for (String key = p.nextName(); key != null; key = p.nextName()) {
      JsonToken value = p.nextToken();
      switch (key.toLowerCase(Locale.ROOT)) {
        case "pod" -> pod = value == JsonToken.VALUE_NULL ? null : MAPPER.readValue(p, Pod.class);
        case "nodes" -> nodes = value == JsonToken.VALUE_NULL ? null : MAPPER.readTree(p);
        case "nodenames" -> names = value == JsonToken.VALUE_NULL ? null : names(p);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new BadRequestException("request body has data after the ExtenderArgs object");
    }
    if (pod == null) {
      throw new BadRequestException("Pod is missing");
    }
    return new ExtenderArgs(pod, nodes, names);
  }

  private static List<String> names(JsonParser p) {
    if (!p.isExpectedStartArrayToken()) {
      throw new BadRequestException(
          "NodeNames must be an array of strings, got " + p.currentToken());
    }
    List<String> names = new ArrayList<>(1024);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw new BadRequestException("NodeNames[" + names.size() + "] is not a string but " + t);
      }
      names.add(p.getString());
    }
    return names;
  }

  /**
   * {@code {"Nodes":…,"NodeNames":…,"FailedNodes":{…},"FailedAndUnresolvableNodes":{…},"Error":…}}.
   */
  public static byte[] write(ExtenderFilterResult result) {
    int names = result.nodeNames() == null ? 0 : result.nodeNames().size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 16 * names);
    write(result, out);
    return out.toByteArray();
  }

  /** Writes the answer to a stream (an HTTP response), leaving the stream open. */
  public static void write(ExtenderFilterResult result, OutputStream out) {
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeName("Nodes");
      if (result.nodes() == null) {
        g.writeNull();
      } else {
        MAPPER.writeTree(g, result.nodes());
      }
      g.writeName("NodeNames");
      if (result.nodeNames() == null) {
        g.writeNull();
      } else {
        g.writeStartArray();
        for (String name : result.nodeNames()) {
          g.writeString(name);
        }
        g.writeEndArray();
      }
      writeMap(g, "FailedNodes", result.failedNodes());
      writeMap(g, "FailedAndUnresolvableNodes", result.failedAndUnresolvableNodes());
      g.writeName("Error");
      g.writeString(result.error() == null ? "" : result.error());
      g.writeEndObject();
    }
  }

  /** {@code [{"Host":…,"Score":…},…]}. */
  public static byte[] write(List<HostPriority> priorities) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 36 * priorities.size());
    write(priorities, out);
    return out.toByteArray();
  }

  /**
   * Writes the answer to a stream (an HTTP response), leaving the stream open. Host names that need
   * no JSON escaping (every Kubernetes node name) are copied byte for byte, which is three times
   * faster than the generator for 5,000 hosts; any other name makes the whole list go through
   * Jackson.
   */
  public static void write(List<HostPriority> priorities, OutputStream out) {
    int size = 2;
    for (HostPriority h : priorities) {
      if (!isPlain(h.host())) {
        writeWithJackson(priorities, out);
        return;
      }
      size += h.host().length() + 48; // {"Host":"…","Score":-9223372036854775808},
    }
    byte[] buf = new byte[size];
    int n = 0;
    buf[n++] = '[';
    for (int i = 0; i < priorities.size(); i++) {
      HostPriority h = priorities.get(i);
      if (i > 0) {
        buf[n++] = ',';
      }
      n = copy(HOST, buf, n);
      n = copy(h.host().getBytes(StandardCharsets.ISO_8859_1), buf, n);
      n = copy(SCORE, buf, n);
      long score = h.score();
      n = copy(score >= 0 && score < DIGITS.length ? DIGITS[(int) score] : ascii(score), buf, n);
      buf[n++] = '}';
    }
    buf[n++] = ']';
    try {
      out.write(buf, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the prioritize answer", e);
    }
  }

  private static void writeWithJackson(List<HostPriority> priorities, OutputStream out) {
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartArray();
      for (HostPriority h : priorities) {
        g.writeStartObject();
        g.writeName("Host");
        g.writeString(h.host());
        g.writeName("Score");
        g.writeNumber(h.score());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  /** Printable ASCII without {@code "} or {@code \\}: written as is inside JSON quotes. */
  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static int copy(byte[] from, byte[] to, int at) {
    System.arraycopy(from, 0, to, at, from.length);
    return at + from.length;
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, String> map) {
    g.writeName(name);
    g.writeStartObject();
    if (map != null) {
      for (Map.Entry<String, String> e : map.entrySet()) {
        g.writeName(e.getKey());
        g.writeString(e.getValue());
      }
    }
    g.writeEndObject();
  }
}
