package io.powermanager.apiserver;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The one JSON mapper of the module and the few tree helpers every other class needs. */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static JsonNode nullNode() {
    return JsonNodeFactory.instance.nullNode();
  }

  static JsonNode string(String value) {
    return JsonNodeFactory.instance.stringNode(value);
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static JsonNode parse(byte[] body) {
    return MAPPER.readTree(body);
  }

  static JsonNode parse(String body) {
    return MAPPER.readTree(body);
  }

  static JsonNode parseYaml(byte[] body) {
    return YAML.readTree(body);
  }

  static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  static String text(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The string at a dotted path ({@code metadata.name}), or {@code ""} when absent. */
  static String string(JsonNode node, String dottedPath) {
    JsonNode at = at(node, dottedPath);
    if (at == null || at.isNull() || at.isMissingNode()) {
      return "";
    }
    return at.isValueNode() ? at.asString() : Json.text(at);
  }

  /** The node at a dotted path, or {@code null} when any segment is absent. */
  static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String segment : dottedPath.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(segment);
    }
    return current;
  }

  /** The object at {@code field}, created when absent (replacing a non-object value). */
  static ObjectNode objectAt(ObjectNode parent, String field) {
    JsonNode existing = parent.get(field);
    if (existing instanceof ObjectNode object) {
      return object;
    }
    return parent.putObject(field);
  }

  static ObjectNode metadata(JsonNode object) {
    return objectAt((ObjectNode) object, "metadata");
  }

  static String name(JsonNode object) {
    return string(object, "metadata.name");
  }

  static String namespace(JsonNode object) {
    return string(object, "metadata.namespace");
  }

  /** The object's resourceVersion as a number, or 0 when absent or not numeric. */
  static long resourceVersion(JsonNode object) {
    return parseVersion(string(object, "metadata.resourceVersion"));
  }

  static long parseVersion(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
