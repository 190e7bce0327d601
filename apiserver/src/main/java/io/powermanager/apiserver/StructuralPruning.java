package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops the fields a structural schema does not declare, as kube-apiserver does when it decodes a
 * custom resource: {@code properties} name what is kept, {@code additionalProperties} admits any
 * key (checked against its schema), {@code x-kubernetes-preserve-unknown-fields: true} keeps
 * undeclared fields, {@code x-kubernetes-embedded-resource} keeps {@code apiVersion}, {@code kind}
 * and {@code metadata}. {@code metadata} is pruned to ObjectMeta's fields.
 */
final class StructuralPruning {
  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private StructuralPruning() {}

  /**
   * Prunes {@code object} in place.
   *
   * @return the paths of the fields dropped ({@code spec.cstates}, {@code spec.items[0].x})
   */
  static List<String> prune(ObjectNode object, JsonNode schema) {
    List<String> pruned = new ArrayList<>();
    pruneObject(object, schema, "", true, pruned);
    return pruned;
  }

  private static void walk(JsonNode value, JsonNode schema, String path, List<String> pruned) {
    if (value instanceof ObjectNode object) {
      boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
      pruneObject(object, schema, path + ".", embedded, pruned);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), schema.get("items"), path + "[" + i + "]", pruned);
      }
    }
  }

  private static void pruneObject(
      ObjectNode object, JsonNode schema, String prefix, boolean resource, List<String> pruned) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (String field : List.copyOf(object.propertyNames())) {
      String path = prefix + field;
      if (resource && (field.equals("apiVersion") || field.equals("kind"))) {
        continue;
      }
      if (resource && field.equals("metadata")) {
        if (object.get(field) instanceof ObjectNode metadata) {
          pruneMetadata(metadata, path, pruned);
        }
        continue;
      }
      if (properties.has(field)) {
        walk(object.get(field), properties.get(field), path, pruned);
      } else if (additional != null && additional.isObject()) {
        walk(object.get(field), additional, path, pruned);
      } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
        object.remove(field);
        pruned.add(path);
      }
    }
  }

  private static void pruneMetadata(ObjectNode metadata, String path, List<String> pruned) {
    for (String field : List.copyOf(metadata.propertyNames())) {
      if (!OBJECT_META.contains(field)) {
        metadata.remove(field);
        pruned.add(path + "." + field);
      }
    }
  }
}
