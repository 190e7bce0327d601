package io.powermanager.api.convert.versions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PowerNode: v1's {@code status.powerNodeCPUState} is derived from v1alpha1's status (the Shared
 * pool's CPUs; the power containers grouped by pod), so v1 readers see Intel v2.5's view of what
 * the project's agent writes; Intel's preformatted spec strings have no v1alpha1 field.
 */
final class NodeVersions {

  /** Intel v2.5's spec fields that only its agent wrote. */
  static final List<String> INTEL_SPEC_FIELDS =
      List.of(
          "powerProfiles",
          "powerWorkloads",
          "sharedPool",
          "unaffectedCores",
          "reservedPools",
          "powerContainers",
          "customDevices");

  private static final String SHARED_POOL = "Shared";

  private NodeVersions() {}

  static void toV1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    ObjectNode status = Trees.requireObject(body, "status", "status");
    if (status == null) {
      return;
    }
    ArrayNode sharedPool = Trees.NODES.arrayNode();
    ArrayNode pools = Trees.requireArray(status, "sharedPools", "status.sharedPools");
    if (pools != null) {
      for (JsonNode pool : pools) {
        if (SHARED_POOL.equals(pool.path("name").asString(null))
            && pool.get("sharedPoolCpuIds") instanceof ArrayNode cpus) {
          sharedPool.addAll(cpus.deepCopy());
        }
      }
    }
    Map<List<String>, ObjectNode> pods = new LinkedHashMap<>();
    ArrayNode containers = Trees.requireArray(status, "powerContainers", "status.powerContainers");
    String node = spec == null ? null : spec.path("nodeName").asString(null);
    if (containers != null) {
      for (JsonNode c : containers) {
        if (!(c instanceof ObjectNode container)) {
          throw new ConversionException(
              "status.powerContainers[] must be an object, not " + c.getNodeType());
        }
        String pod = container.path("pod").asString(null);
        String namespace = container.path("namespace").asString(null);
        String uid = container.path("podUID").asString(null);
        ObjectNode guaranteed =
            pods.computeIfAbsent(
                java.util.Arrays.asList(pod, namespace, uid),
                k -> {
                  ObjectNode p = Trees.NODES.objectNode();
                  putText(p, "node", node);
                  putText(p, "name", pod);
                  putText(p, "namespace", namespace);
                  putText(p, "uid", uid);
                  p.putArray("containers");
                  return p;
                });
        ((ArrayNode) guaranteed.get("containers")).add(container.deepCopy());
      }
    }
    status.remove("powerNodeCPUState");
    if (!sharedPool.isEmpty() || !pods.isEmpty()) {
      ObjectNode state = status.putObject("powerNodeCPUState");
      if (!sharedPool.isEmpty()) {
        state.set("sharedPool", sharedPool);
      }
      if (!pods.isEmpty()) {
        state.putArray("guaranteedPods").addAll(pods.values());
      }
    }
  }

  static void toV1alpha1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    if (spec != null) {
      INTEL_SPEC_FIELDS.forEach(spec::remove);
    }
    ObjectNode status = Trees.requireObject(body, "status", "status");
    if (status != null) {
      status.remove("powerNodeCPUState");
    }
  }

  private static void putText(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
