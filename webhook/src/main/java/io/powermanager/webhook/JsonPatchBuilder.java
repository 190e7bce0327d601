package io.powermanager.webhook;

import java.util.Optional;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A JSON Patch (RFC 6902) built from the operations a mutation knows, as Jackson nodes: paths are
 * {@link JsonPointer}s (which escape {@code power.intel.com/x} as {@code power.intel.com~1x}),
 * never concatenated strings. The work is the size of the change, not of the object.
 */
final class JsonPatchBuilder {

  private final ArrayNode operations = Json.MAPPER.createArrayNode();

  /** {@code add}: creates the member, or replaces it when it exists. */
  JsonPatchBuilder add(JsonPointer path, JsonNode value) {
    operations.addObject().put("op", "add").put("path", path.toString()).set("value", value);
    return this;
  }

  JsonPatchBuilder replace(JsonPointer path, JsonNode value) {
    operations.addObject().put("op", "replace").put("path", path.toString()).set("value", value);
    return this;
  }

  /** The patch, or empty when no operation was added. */
  Optional<ArrayNode> build() {
    return operations.isEmpty() ? Optional.empty() : Optional.of(operations);
  }

  static JsonPointer pointer(String... properties) {
    JsonPointer p = JsonPointer.empty();
    for (String property : properties) {
      p = p.appendProperty(property);
    }
    return p;
  }
}
