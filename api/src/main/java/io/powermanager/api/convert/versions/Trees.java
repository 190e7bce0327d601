package io.powermanager.api.convert.versions;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over Jackson trees for the per-kind mappings. */
final class Trees {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Trees() {}

  /** The object field {@code name} of {@code parent}, or {@code null} when absent or not one. */
  static ObjectNode object(ObjectNode parent, String name) {
    JsonNode n = parent == null ? null : parent.get(name);
    return n instanceof ObjectNode o ? o : null;
  }

  /** The array field {@code name} of {@code parent}, or {@code null} when absent or not one. */
  static ArrayNode array(ObjectNode parent, String name) {
    JsonNode n = parent == null ? null : parent.get(name);
    return n instanceof ArrayNode a ? a : null;
  }

  /**
   * Renames a field in place, keeping its position among the other fields; no-op when absent.
   * Jackson's ObjectNode keeps insertion order, so the fields are re-inserted (not copied).
   */
  static void rename(ObjectNode node, String from, String to) {
    if (node == null || !node.has(from)) {
      return;
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    node.removeAll();
    fields.forEach((name, value) -> node.set(name.equals(from) ? to : name, value));
  }

  /** Puts {@code value} at key {@code name}, right after {@code after} when it exists. */
  static void putAfter(ObjectNode node, String after, String name, JsonNode value) {
    if (!node.has(after)) {
      node.set(name, value);
      return;
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    fields.remove(name);
    node.removeAll();
    fields.forEach(
        (n, v) -> {
          node.set(n, v);
          if (n.equals(after)) {
            node.set(name, value);
          }
        });
  }

  /** Fails when {@code node} is present but not an array. */
  static ArrayNode requireArray(ObjectNode parent, String name, String path)
      throws ConversionException {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!(n instanceof ArrayNode a)) {
      throw new ConversionException(path + " must be an array, not " + n.getNodeType());
    }
    return a;
  }

  /** Fails when {@code node} is present but not an object. */
  static ObjectNode requireObject(ObjectNode parent, String name, String path)
      throws ConversionException {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!(n instanceof ObjectNode o)) {
      throw new ConversionException(path + " must be an object, not " + n.getNodeType());
    }
    return o;
  }
}
