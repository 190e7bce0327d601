package io.powermanager.webhook;

import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.EnumSet;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * JSON Patches (RFC 6902) as the diff of two JSON documents, computed by fabric8's zjsonpatch: the
 * path escaping ({@code power.intel.com~1performance}) and whole-map adds come from it, never from
 * string concatenation. Only {@code add}, {@code remove} and {@code replace} are emitted.
 */
final class JsonPatches {

  private static final EnumSet<DiffFlags> FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_VALUE_ON_REMOVE,
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION);

  private JsonPatches() {}

  /** The patch turning {@code before} into {@code after}; empty when they are equal. */
  static Optional<JsonNode> diff(JsonNode before, JsonNode after) {
    JsonNode patch = JsonDiff.asJson(before, after, FLAGS);
    return patch.isEmpty() ? Optional.empty() : Optional.of(patch);
  }
}
