package io.powermanager.extender.wire;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body kube-scheduler posts to {@code /filter} and {@code /prioritize} ({@code
 * k8s.io/kube-scheduler/extender/v1.ExtenderArgs}; its Go fields have no json tags, so the keys are
 * the capitalised field names).
 *
 * @param pod the pod being scheduled
 * @param nodes the candidate {@code v1.NodeList} as a JSON tree, when the extender is not {@code
 *     nodeCacheCapable}; kept as a tree so the filter can return the node objects exactly as given
 * @param nodeNames the candidate node names, when the extender is {@code nodeCacheCapable}
 */
@JsonPropertyOrder({"Pod", "Nodes", "NodeNames"})
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record ExtenderArgs(
    @JsonProperty("Pod") Pod pod,
    @JsonProperty("Nodes") JsonNode nodes,
    @JsonProperty("NodeNames") List<String> nodeNames) {

  public ExtenderArgs {
    if (nodes != null && nodes.isNull()) {
      nodes = null;
    }
  }

  /** A names-only request, as sent to a {@code nodeCacheCapable} extender. */
  public static ExtenderArgs ofNames(Pod pod, List<String> nodeNames) {
    return new ExtenderArgs(pod, null, nodeNames);
  }

  /**
   * The candidate node names: {@code NodeNames} when given, else the names of the {@code Nodes}
   * items, in request order.
   *
   * @throws BadRequestException when neither is given or an item has no name
   */
  public List<String> candidates() {
    if (nodeNames != null) {
      return nodeNames;
    }
    List<JsonNode> items = items();
    List<String> names = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      names.add(itemName(items.get(i), i));
    }
    return names;
  }

  /** The {@code Nodes.items}, or an empty list when {@code Nodes} is absent. */
  public List<JsonNode> items() {
    if (nodes == null) {
      if (nodeNames == null) {
        throw new BadRequestException("the request names no nodes: Nodes and NodeNames are null");
      }
      return List.of();
    }
    if (!nodes.isObject()) {
      throw new BadRequestException(
          "Nodes must be a v1.NodeList object, got " + nodes.getNodeType());
    }
    JsonNode items = nodes.get("items");
    if (items == null || items.isNull()) {
      return List.of();
    }
    if (!items.isArray()) {
      throw new BadRequestException("Nodes.items must be an array, got " + items.getNodeType());
    }
    List<JsonNode> out = new ArrayList<>(items.size());
    items.values().forEach(out::add);
    return out;
  }

  /** {@code metadata.name} of a {@code Nodes} item. */
  public static String itemName(JsonNode item, int index) {
    JsonNode name = item.path("metadata").path("name");
    if (!name.isString() || name.stringValue().isEmpty()) {
      throw new BadRequestException("Nodes.items[" + index + "].metadata.name is missing");
    }
    return name.stringValue();
  }
}
