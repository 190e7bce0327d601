package io.powermanager.api.convert.versions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PowerWorkload: v1alpha1's {@code nodeInfo} is v1's {@code workloadNodes}, its containers' {@code
 * exclusiveCPUs} is v1's {@code exclusiveCpus}; v1alpha1's {@code reservedCPUs} (every reserved
 * CPU) and {@code reservedCPUGroups} (those with a profile) are v1's {@code reservedCPUs} groups:
 * the CPUs in no profiled group form one group without a profile, first.
 */
final class WorkloadVersions {

  private WorkloadVersions() {}

  static void toV1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    if (spec == null) {
      return;
    }
    ArrayNode reserved = Trees.requireArray(spec, "reservedCPUs", "spec.reservedCPUs");
    ArrayNode groups = Trees.requireArray(spec, "reservedCPUGroups", "spec.reservedCPUGroups");
    if (reserved != null || groups != null) {
      Set<JsonNode> grouped = new LinkedHashSet<>();
      List<ObjectNode> profiled = new ArrayList<>();
      if (groups != null) {
        for (JsonNode g : groups) {
          ObjectNode group = group(g, "spec.reservedCPUGroups[]");
          Trees.requireArray(group, "cores", "spec.reservedCPUGroups[].cores")
              .forEach(grouped::add);
          profiled.add(group.deepCopy());
        }
      }
      ArrayNode v1 = Trees.NODES.arrayNode();
      ArrayNode rest = Trees.NODES.arrayNode();
      if (reserved != null) {
        reserved.forEach(
            cpu -> {
              if (!grouped.contains(cpu)) {
                rest.add(cpu);
              }
            });
      }
      if (!rest.isEmpty()) {
        v1.addObject().set("cores", rest);
      }
      profiled.forEach(v1::add);
      spec.remove("reservedCPUGroups");
      if (v1.isEmpty()) {
        spec.remove("reservedCPUs");
      } else {
        spec.set("reservedCPUs", v1);
      }
    }
    Trees.rename(spec, "nodeInfo", "workloadNodes");
    renameContainerField(spec, "workloadNodes", "exclusiveCPUs", "exclusiveCpus");
  }

  static void toV1alpha1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    if (spec != null) {
      ArrayNode groups = Trees.requireArray(spec, "reservedCPUs", "spec.reservedCPUs");
      if (groups != null) {
        Set<JsonNode> all = new LinkedHashSet<>();
        ArrayNode profiled = Trees.NODES.arrayNode();
        for (JsonNode g : groups) {
          ObjectNode group = group(g, "spec.reservedCPUs[]");
          ArrayNode cores = Trees.requireArray(group, "cores", "spec.reservedCPUs[].cores");
          if (cores != null) {
            cores.forEach(all::add);
          }
          JsonNode profile = group.get("powerProfile");
          if (profile != null && !profile.isNull()) {
            profiled.add(group.deepCopy());
          }
        }
        ArrayNode cpus = Trees.NODES.arrayNode();
        all.forEach(cpus::add);
        if (cpus.isEmpty()) {
          spec.remove("reservedCPUs");
        } else {
          spec.set("reservedCPUs", cpus);
        }
        if (!profiled.isEmpty()) {
          Trees.putAfter(spec, "reservedCPUs", "reservedCPUGroups", profiled);
        }
      }
      Trees.rename(spec, "workloadNodes", "nodeInfo");
      renameContainerField(spec, "nodeInfo", "exclusiveCpus", "exclusiveCPUs");
      ArrayNode containers = Trees.array(Trees.object(spec, "nodeInfo"), "containers");
      if (containers != null) {
        for (JsonNode c : containers) {
          if (c instanceof ObjectNode container) {
            container.remove("workload");
          }
        }
      }
    }
    ObjectNode status = Trees.requireObject(body, "status", "status");
    if (status != null) {
      status.remove("errors");
    }
  }

  private static ObjectNode group(JsonNode g, String path) throws ConversionException {
    if (!(g instanceof ObjectNode group)) {
      throw new ConversionException(path + " must be an object, not " + g.getNodeType());
    }
    if (Trees.requireArray(group, "cores", path + ".cores") == null) {
      throw new ConversionException(path + ".cores is required");
    }
    return group;
  }

  private static void renameContainerField(ObjectNode spec, String node, String from, String to)
      throws ConversionException {
    ObjectNode info = Trees.requireObject(spec, node, "spec." + node);
    ArrayNode containers = Trees.requireArray(info, "containers", "spec." + node + ".containers");
    if (containers == null) {
      return;
    }
    for (JsonNode c : containers) {
      if (!(c instanceof ObjectNode container)) {
        throw new ConversionException(
            "spec." + node + ".containers[] must be an object, not " + c.getNodeType());
      }
      Trees.rename(container, from, to);
    }
  }
}
