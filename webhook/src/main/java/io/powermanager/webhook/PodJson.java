package io.powermanager.webhook;

import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.PodView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A pod's JSON ({@code request.object} as the API server sends it) read into the rules' {@link
 * PodView}: metadata namespace, name and annotations, and the name, requests and limits of every
 * container and init container; nothing else is looked at. A field of the wrong JSON type, or a
 * null inside a list or map, is an {@link ObjectDecodingException} naming the path. Stateless.
 */
final class PodJson {

  /**
   * The most containers and init containers a pod may have for the webhook to review it (kubelet
   * handles far fewer in practice); a larger pod is denied before any rule runs, so the work per
   * review stays bounded.
   */
  static final int MAX_CONTAINERS = 1_000;

  private PodJson() {}

  /** How many containers and init containers the pod lists. */
  static int containerCount(JsonNode pod) {
    JsonNode spec = AdmissionCodec.object(pod, "spec", ".");
    return spec == null
        ? 0
        : array(spec, "containers").size() + array(spec, "initContainers").size();
  }

  /**
   * @param namespace the namespace when the pod's metadata has none (an admission request carries
   *     it separately); {@code default} when that is null too
   */
  static PodView view(JsonNode pod, String namespace) {
    JsonNode metadata = AdmissionCodec.object(pod, "metadata", ".");
    String ns =
        metadata == null ? null : AdmissionCodec.string(metadata, "namespace", ".metadata.");
    String name = metadata == null ? null : AdmissionCodec.string(metadata, "name", ".metadata.");
    Map<String, String> annotations =
        metadata == null ? Map.of() : strings(metadata, "annotations", ".metadata.");
    JsonNode spec = AdmissionCodec.object(pod, "spec", ".");
    return new PodView(
        ns != null ? ns : namespace != null ? namespace : "default",
        name,
        annotations,
        spec == null ? List.of() : containers(spec, "containers"),
        spec == null ? List.of() : containers(spec, "initContainers"));
  }

  private static List<ContainerView> containers(JsonNode spec, String field) {
    JsonNode list = array(spec, field);
    List<ContainerView> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = ".spec." + field + "[" + i + "]";
      JsonNode c = list.get(i);
      if (!c.isObject()) {
        throw new ObjectDecodingException(
            at + " is a JSON " + AdmissionCodec.typeOf(c) + ", not an object", null);
      }
      String name = AdmissionCodec.string(c, "name", at + ".");
      JsonNode resources = AdmissionCodec.object(c, "resources", at + ".");
      out.add(
          new ContainerView(
              name == null ? "" : name,
              resources == null ? Map.of() : strings(resources, "requests", at + ".resources."),
              resources == null ? Map.of() : strings(resources, "limits", at + ".resources.")));
    }
    return out;
  }

  /** The array field of {@code spec}; an empty one when absent or null. */
  private static JsonNode array(JsonNode spec, String field) {
    JsonNode list = spec.get(field);
    if (list == null || list.isNull()) {
      return Json.MAPPER.createArrayNode();
    }
    if (!list.isArray()) {
      throw new ObjectDecodingException(
          ".spec." + field + " is a JSON " + AdmissionCodec.typeOf(list) + ", not an array", null);
    }
    return list;
  }

  /** A map of strings (quantities may be JSON numbers, read as written). */
  private static Map<String, String> strings(JsonNode node, String field, String at) {
    JsonNode map = AdmissionCodec.object(node, field, at);
    if (map == null) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      JsonNode v = e.getValue();
      if (!v.isString() && !v.isNumber()) {
        throw new ObjectDecodingException(
            at + field + "." + e.getKey() + " is a JSON " + AdmissionCodec.typeOf(v), null);
      }
      out.put(e.getKey(), v.asString());
    }
    return out;
  }
}
