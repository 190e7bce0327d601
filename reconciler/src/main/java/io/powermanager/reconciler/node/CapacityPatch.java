package io.powermanager.reconciler.node;

import io.powermanager.domain.capacity.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON Patch (RFC 6902) on {@code nodes/<name>/status} carrying resource changes, built as data
 * and serialised, never concatenated. Resource names are escaped as JSON Pointer requires ({@code
 * /} → {@code ~1}, {@code ~} → {@code ~0}). Pure.
 */
public final class CapacityPatch {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CapacityPatch() {}

  /**
   * The patch operations.
   *
   * @param hasCapacity whether the node's status has a {@code capacity} map (else it is added
   *     first: "add" into a missing parent fails)
   * @param hasAllocatable the same for {@code allocatable}
   */
  public static List<Map<String, Object>> operations(
      List<ResourceChange> changes, boolean hasCapacity, boolean hasAllocatable) {
    List<Map<String, Object>> ops = new ArrayList<>();
    boolean capacityAdded = hasCapacity;
    boolean allocatableAdded = hasAllocatable;
    for (ResourceChange c : changes) {
      String parent = "/status/" + c.field().jsonName();
      if (c instanceof ResourceChange.Put put) {
        boolean present =
            c.field() == ResourceChange.Field.CAPACITY ? capacityAdded : allocatableAdded;
        if (!present) {
          ops.add(op("add", parent, Map.of()));
          if (c.field() == ResourceChange.Field.CAPACITY) {
            capacityAdded = true;
          } else {
            allocatableAdded = true;
          }
        }
        ops.add(op("add", parent + "/" + escape(put.resource()), Long.toString(put.count())));
      } else {
        ops.add(op("remove", parent + "/" + escape(c.resource()), null));
      }
    }
    return ops;
  }

  /** The operations as the JSON document sent with {@code application/json-patch+json}. */
  public static String json(List<Map<String, Object>> operations) {
    return JSON.writeValueAsString(operations);
  }

  /** RFC 6901 §3: {@code ~} → {@code ~0}, then {@code /} → {@code ~1}. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (value != null) {
      m.put("value", value);
    }
    return m;
  }
}
