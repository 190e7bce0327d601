package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch for built-in kinds, as kubectl {@code apply} and {@code patch} send it.
 *
 * <p>Lists of objects merge item by item on their merge key (containers by {@code name}, ports by
 * {@code containerPort} or {@code port}, conditions by {@code type}, ...), from a fixed table keyed
 * by field name rather than by Go type — which is right for every kind this front serves. Supports
 * {@code $patch: replace|delete} on maps and list items, {@code $setElementOrder/<field>}, {@code
 * $deleteFromPrimitiveList/<field>} and {@code $retainKeys}. Lists without a merge key are
 * replaced, as the Go implementation does for {@code patchStrategy} other than {@code merge}.
 */
final class StrategicMergePatch {
  private static final Map<String, List<String>> MERGE_KEYS = mergeKeys();

  /** Lists of scalars that merge as sets instead of being replaced. */
  private static final Set<String> MERGED_SCALAR_LISTS = Set.of("finalizers");

  private static final String DIRECTIVE = "$patch";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";
  private static final String RETAIN_KEYS = "$retainKeys";

  private StrategicMergePatch() {}

  static JsonNode apply(JsonNode original, JsonNode patch) {
    if (!patch.isObject()) {
      throw ApiStatus.badRequest("strategic merge patch must be a JSON object");
    }
    ObjectNode target =
        original != null && original.isObject() ? (ObjectNode) original.deepCopy() : Json.object();
    JsonNode merged = mergeMap(target, (ObjectNode) patch);
    return merged == null ? Json.object() : merged;
  }

  /** Merges {@code patch} into {@code target} (mutated); null when the patch deletes the map. */
  private static ObjectNode mergeMap(ObjectNode target, ObjectNode patch) {
    String directive = patch.path(DIRECTIVE).asString("");
    if (directive.equals("delete")) {
      return null;
    }
    if (directive.equals("replace")) {
      ObjectNode replacement = patch.deepCopy();
      replacement.remove(DIRECTIVE);
      return replacement;
    }
    Map<String, JsonNode> orders = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS)) {
        continue;
      }
      if (key.startsWith(SET_ORDER)) {
        orders.put(key.substring(SET_ORDER.length()), value);
      } else if (key.startsWith(DELETE_FROM)) {
        deleteFromPrimitiveList(target, key.substring(DELETE_FROM.length()), value);
      } else if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject()) {
        JsonNode existing = target.get(key);
        ObjectNode merged =
            mergeMap(
                existing instanceof ObjectNode o ? o : Json.object(),
                (ObjectNode) value.deepCopy());
        if (merged == null) {
          target.remove(key);
        } else {
          target.set(key, merged);
        }
      } else if (value.isArray()) {
        target.set(key, mergeList(key, target.get(key), (ArrayNode) value));
      } else {
        target.set(key, value.deepCopy());
      }
    }
    orders.forEach((field, order) -> applyOrder(target, field, order));
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain != null && retain.isArray()) {
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asString()));
      target.retain(keep);
    }
    return target;
  }

  private static JsonNode mergeList(String field, JsonNode existing, ArrayNode patch) {
    ArrayNode original = existing instanceof ArrayNode a ? a : Json.array();
    List<String> keys = MERGE_KEYS.get(field);
    boolean objects = patch.isEmpty() || patch.get(0).isObject();
    if (!objects) {
      if (!MERGED_SCALAR_LISTS.contains(field)) {
        return patch.deepCopy();
      }
      ArrayNode union = original.deepCopy();
      for (JsonNode v : patch) {
        if (!contains(union, v)) {
          union.add(v.deepCopy());
        }
      }
      return union;
    }
    if (keys == null) {
      ArrayNode replaced = Json.array();
      patch.forEach(item -> replaced.add(withoutDirective(item)));
      return replaced;
    }
    if (patch.size() == 1 && patch.get(0).path(DIRECTIVE).asString("").equals("replace")) {
      return Json.array();
    }
    ArrayNode result = original.deepCopy();
    for (JsonNode item : patch) {
      String key = mergeKey(keys, item);
      if (key == null) {
        throw ApiStatus.badRequest(
            "strategic merge patch: an item of \"" + field + "\" lacks its merge key " + keys);
      }
      int index = indexOf(result, keys, item);
      String directive = item.path(DIRECTIVE).asString("");
      if (directive.equals("delete")) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (directive.equals("replace")) {
        if (index >= 0) {
          result.set(index, withoutDirective(item));
        } else {
          result.add(withoutDirective(item));
        }
      } else if (index >= 0) {
        result.set(index, mergeMap((ObjectNode) result.get(index), (ObjectNode) item.deepCopy()));
      } else {
        result.add(withoutDirective(item));
      }
    }
    return result;
  }

  /** Orders items named in {@code $setElementOrder} first, in that order; the rest keep theirs. */
  private static void applyOrder(ObjectNode target, String field, JsonNode order) {
    JsonNode list = target.get(field);
    if (!(list instanceof ArrayNode items) || !order.isArray()) {
      return;
    }
    List<String> keys = MERGE_KEYS.get(field);
    List<JsonNode> remaining = new ArrayList<>();
    items.forEach(remaining::add);
    ArrayNode ordered = Json.array();
    for (JsonNode wanted : order) {
      for (int i = 0; i < remaining.size(); i++) {
        JsonNode candidate = remaining.get(i);
        boolean same =
            wanted.isObject() && keys != null
                ? sameKey(keys, candidate, wanted)
                : candidate.equals(wanted);
        if (same) {
          ordered.add(candidate);
          remaining.remove(i);
          break;
        }
      }
    }
    remaining.forEach(ordered::add);
    target.set(field, ordered);
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
    JsonNode list = target.get(field);
    if (!(list instanceof ArrayNode items)) {
      return;
    }
    ArrayNode kept = Json.array();
    items.forEach(
        v -> {
          if (!contains(values, v)) {
            kept.add(v);
          }
        });
    target.set(field, kept);
  }

  private static String mergeKey(List<String> keys, JsonNode item) {
    for (String key : keys) {
      if (item.has(key)) {
        return key;
      }
    }
    return null;
  }

  private static int indexOf(ArrayNode list, List<String> keys, JsonNode item) {
    for (int i = 0; i < list.size(); i++) {
      if (sameKey(keys, list.get(i), item)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameKey(List<String> keys, JsonNode a, JsonNode b) {
    String key = mergeKey(keys, b);
    return key != null && a.has(key) && a.get(key).asString().equals(b.get(key).asString());
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode v : array) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode withoutDirective(JsonNode item) {
    if (item instanceof ObjectNode o) {
      ObjectNode copy = o.deepCopy();
      copy.remove(DIRECTIVE);
      return copy;
    }
    return item.deepCopy();
  }

  private static Map<String, List<String>> mergeKeys() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    List<String> name = List.of("name");
    for (String field :
        List.of(
            "containers",
            "initContainers",
            "ephemeralContainers",
            "env",
            "volumes",
            "imagePullSecrets",
            "resourceClaims",
            "webhooks",
            "containerStatuses",
            "initContainerStatuses",
            "ephemeralContainerStatuses")) {
      keys.put(field, name);
    }
    keys.put("ports", List.of("containerPort", "port"));
    keys.put("volumeMounts", List.of("mountPath"));
    keys.put("volumeDevices", List.of("devicePath"));
    keys.put("conditions", List.of("type"));
    keys.put("addresses", List.of("type"));
    keys.put("taints", List.of("key"));
    keys.put("hostAliases", List.of("ip"));
    keys.put("podIPs", List.of("ip"));
    keys.put("hostIPs", List.of("ip"));
    keys.put("topologySpreadConstraints", List.of("topologyKey"));
    keys.put("ownerReferences", List.of("uid"));
    return Map.copyOf(keys);
  }
}
