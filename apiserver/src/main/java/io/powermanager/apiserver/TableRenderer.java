package io.powermanager.apiserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} for requests whose Accept asks for {@code
 * as=Table}. Pods, nodes and namespaces get kube-apiserver's columns; CRDs their {@code
 * additionalPrinterColumns} ({@code date} columns rendered as an age); everything else NAME and
 * AGE.
 */
final class TableRenderer {
  /** How much of each object a row carries ({@code includeObject} query parameter). */
  enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    static IncludeObject parse(String value) {
      if (value == null || value.isEmpty() || value.equals("Metadata")) {
        return METADATA;
      }
      return value.equals("None") ? NONE : OBJECT;
    }
  }

  private record Column(String name, String type, String format, String description, int priority) {
    ObjectNode json() {
      ObjectNode c = Json.object();
      c.put("name", name);
      c.put("type", type);
      c.put("format", format);
      c.put("description", description);
      c.put("priority", priority);
      return c;
    }
  }

  private final Clock clock;

  TableRenderer(Clock clock) {
    this.clock = clock;
  }

  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  ObjectNode table(
      ResourceType type, List<JsonNode> objects, String resourceVersion, IncludeObject include) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    columns(type).forEach(c -> columns.add(c.json()));
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells(type, object).forEach(cells::add);
      switch (include) {
        case OBJECT -> row.set("object", object);
        case METADATA -> row.set("object", partialMetadata(object));
        case NONE -> {}
      }
    }
    return table;
  }

  private static ObjectNode partialMetadata(JsonNode object) {
    ObjectNode partial = Json.object();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata").deepCopy());
    return partial;
  }

  private List<Column> columns(ResourceType type) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0));
    if (!type.custom() && type.group().isEmpty() && type.plural().equals("pods")) {
      columns.add(new Column("Ready", "string", "", "The aggregate readiness state", 0));
      columns.add(new Column("Status", "string", "", "The aggregate status of the containers", 0));
      columns.add(
          new Column("Restarts", "string", "", "The number of times the containers restarted", 0));
      columns.add(age());
      columns.add(new Column("IP", "string", "", "The IP address assigned to the pod", 1));
      columns.add(new Column("Node", "string", "", "Name of the Node the Pod is assigned to", 1));
      columns.add(new Column("Nominated Node", "string", "", "The nominated node name", 1));
      columns.add(new Column("Readiness Gates", "string", "", "The pod's readiness gates", 1));
    } else if (!type.custom() && type.group().isEmpty() && type.plural().equals("nodes")) {
      columns.add(new Column("Status", "string", "", "The status of the node", 0));
      columns.add(new Column("Roles", "string", "", "The roles of the node", 0));
      columns.add(age());
      columns.add(new Column("Version", "string", "", "Kubelet Version reported by the node.", 0));
      columns.add(new Column("Internal-IP", "string", "", "The node's internal IP", 1));
      columns.add(new Column("External-IP", "string", "", "The node's external IP", 1));
      columns.add(new Column("OS-Image", "string", "", "OS image reported by the node", 1));
      columns.add(
          new Column("Kernel-Version", "string", "", "Kernel version reported by the node", 1));
      columns.add(
          new Column(
              "Container-Runtime", "string", "", "Container runtime reported by the node", 1));
    } else if (!type.custom() && type.group().isEmpty() && type.plural().equals("namespaces")) {
      columns.add(new Column("Status", "string", "", "The status of the namespace", 0));
      columns.add(age());
    } else if (type.custom() && !type.printerColumns().isEmpty()) {
      for (ResourceType.PrinterColumn c : type.printerColumns()) {
        columns.add(new Column(c.name(), c.type(), c.format(), c.description(), c.priority()));
      }
    } else {
      columns.add(age());
    }
    return columns;
  }

  private static Column age() {
    return new Column(
        "Age",
        "string",
        "",
        "CreationTimestamp is a timestamp representing the server time when this object was created.",
        0);
  }

  private List<JsonNode> cells(ResourceType type, JsonNode o) {
    List<JsonNode> cells = new ArrayList<>();
    cells.add(text(Json.name(o)));
    if (!type.custom() && type.group().isEmpty() && type.plural().equals("pods")) {
      JsonNode statuses = o.path("status").path("containerStatuses");
      int ready = 0;
      long restarts = 0;
      for (JsonNode s : statuses) {
        ready += s.path("ready").asBoolean(false) ? 1 : 0;
        restarts += s.path("restartCount").asLong(0);
      }
      cells.add(text(ready + "/" + o.path("spec").path("containers").size()));
      cells.add(text(podStatus(o)));
      cells.add(text(Long.toString(restarts)));
      cells.add(text(age(o)));
      cells.add(text(orNone(Json.string(o, "status.podIP"))));
      cells.add(text(orNone(Json.string(o, "spec.nodeName"))));
      cells.add(text(orNone(Json.string(o, "status.nominatedNodeName"))));
      cells.add(text("<none>"));
    } else if (!type.custom() && type.group().isEmpty() && type.plural().equals("nodes")) {
      cells.add(text(nodeStatus(o)));
      cells.add(text(nodeRoles(o)));
      cells.add(text(age(o)));
      cells.add(text(Json.string(o, "status.nodeInfo.kubeletVersion")));
      cells.add(text(orNone(nodeAddress(o, "InternalIP"))));
      cells.add(text(orNone(nodeAddress(o, "ExternalIP"))));
      cells.add(text(orUnknown(Json.string(o, "status.nodeInfo.osImage"))));
      cells.add(text(orUnknown(Json.string(o, "status.nodeInfo.kernelVersion"))));
      cells.add(text(orUnknown(Json.string(o, "status.nodeInfo.containerRuntimeVersion"))));
    } else if (!type.custom() && type.group().isEmpty() && type.plural().equals("namespaces")) {
      cells.add(
          text(
              Json.string(o, "status.phase").isEmpty()
                  ? "Active"
                  : Json.string(o, "status.phase")));
      cells.add(text(age(o)));
    } else if (type.custom() && !type.printerColumns().isEmpty()) {
      for (ResourceType.PrinterColumn c : type.printerColumns()) {
        cells.add(printerCell(o, c));
      }
    } else {
      cells.add(text(age(o)));
    }
    return cells;
  }

  private JsonNode printerCell(JsonNode o, ResourceType.PrinterColumn column) {
    List<JsonNode> values;
    try {
      values = SimpleJsonPath.select(o, column.jsonPath());
    } catch (IllegalArgumentException e) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (values.isEmpty()) {
      return JsonNodeFactory.instance.nullNode();
    }
    JsonNode first = values.get(0);
    if (column.type().equals("date")) {
      return text(since(first.asString()));
    }
    if (values.size() > 1) {
      List<String> parts = new ArrayList<>();
      values.forEach(v -> parts.add(v.isValueNode() ? v.asString() : Json.text(v)));
      return text(String.join(",", parts));
    }
    return first.isValueNode() ? first : text(Json.text(first));
  }

  private String age(JsonNode o) {
    return since(Json.string(o, "metadata.creationTimestamp"));
  }

  private String since(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  private static String podStatus(JsonNode pod) {
    if (!Json.string(pod, "metadata.deletionTimestamp").isEmpty()) {
      return "Terminating";
    }
    String reason = Json.string(pod, "status.reason");
    if (!reason.isEmpty()) {
      return reason;
    }
    String phase = Json.string(pod, "status.phase");
    for (JsonNode s : pod.path("status").path("containerStatuses")) {
      String waiting = Json.string(s, "state.waiting.reason");
      if (!waiting.isEmpty()) {
        return waiting;
      }
      String terminated = Json.string(s, "state.terminated.reason");
      if (!terminated.isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        return terminated;
      }
    }
    return phase.isEmpty() ? "Pending" : phase;
  }

  private static String nodeStatus(JsonNode node) {
    String status = "Unknown";
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        status = c.path("status").asString("").equals("True") ? "Ready" : "NotReady";
      }
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      status += ",SchedulingDisabled";
    }
    return status;
  }

  private static String nodeRoles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
      if (label.getKey().startsWith("node-role.kubernetes.io/")) {
        roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String nodeAddress(JsonNode node, String type) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asString("").equals(type)) {
        return a.path("address").asString("");
      }
    }
    return "";
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? "<unknown>" : value;
  }

  private static JsonNode text(String value) {
    return JsonNodeFactory.instance.stringNode(value);
  }
}
