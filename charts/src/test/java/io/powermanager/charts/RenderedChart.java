package io.powermanager.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The objects of one {@code helm template} run, parsed as trees, with lookups the tests share. */
record RenderedChart(List<JsonNode> objects) {

  static final ObjectMapper YAML = YAMLMapper.builder().build();

  RenderedChart {
    objects = List.copyOf(objects);
  }

  static RenderedChart parse(String yaml) {
    var objects = new ArrayList<JsonNode>();
    try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject() && !document.isEmpty()) {
          objects.add(document);
        }
      }
    }
    return new RenderedChart(objects);
  }

  static String kind(JsonNode object) {
    return object.path("kind").asString("");
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asString("");
  }

  /** {@code Kind/name} for messages. */
  static String id(JsonNode object) {
    return kind(object) + "/" + name(object);
  }

  Stream<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind(o).equals(kind));
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).filter(o -> name(o).equals(name)).findFirst();
  }

  JsonNode one(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
  }

  /**
   * The only object of {@code kind} whose {@code app.kubernetes.io/component} is {@code component}.
   */
  JsonNode component(String kind, String component) {
    List<JsonNode> found =
        ofKind(kind)
            .filter(
                o ->
                    component.equals(
                        o.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/component")
                            .asString("")))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " " + kind + " objects of component " + component + ", expected 1");
    }
    return found.get(0);
  }

  /** The pod template spec of {@link #component(String, String)}. */
  JsonNode podSpec(String kind, String component) {
    return component(kind, component).path("spec").path("template").path("spec");
  }

  /** Every pod template (or pod) spec, keyed by the owning object's {@code Kind/name}. */
  List<Map.Entry<String, JsonNode>> podSpecs() {
    var specs = new ArrayList<Map.Entry<String, JsonNode>>();
    for (JsonNode o : objects) {
      JsonNode spec =
          switch (kind(o)) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                o.path("spec").path("template").path("spec");
            case "CronJob" -> o.path("spec").path("jobTemplate").path("spec").path("template");
            case "Pod" -> o.path("spec");
            default -> null;
          };
      if (spec != null) {
        specs.add(Map.entry(id(o), kind(o).equals("CronJob") ? spec.path("spec") : spec));
      }
    }
    return specs;
  }

  /** Every container and init container: {@code Kind/name container} → the container. */
  List<Map.Entry<String, JsonNode>> containers() {
    var all = new ArrayList<Map.Entry<String, JsonNode>>();
    for (var pod : podSpecs()) {
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : pod.getValue().path(list)) {
          all.add(Map.entry(pod.getKey() + " " + c.path("name").asString(""), c));
        }
      }
    }
    return all;
  }

  /** The values of a string list at {@code node}, empty when absent. */
  static List<String> strings(JsonNode node) {
    return node.valueStream().map(n -> n.asString("")).toList();
  }
}
