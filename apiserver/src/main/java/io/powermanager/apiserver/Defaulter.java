package io.powermanager.apiserver;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver fills in or keeps on its own: object metadata on create ({@code uid}, {@code
 * creationTimestamp}, {@code generation}, the namespace from the path, a name from {@code
 * generateName}), immutable metadata and the status/spec split on update, {@code generation} bumps
 * on spec changes, and the pod defaults the rest of the system relies on (requests from limits,
 * {@code Pending}, {@code qosClass}, {@code schedulerName}).
 */
final class Defaulter {
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final Clock clock;
  private final Random random;

  Defaulter(Clock clock, Random random) {
    this.clock = clock;
    this.random = random;
  }

  /** Defaults a new object in place; {@code pathNamespace} is the namespace named by the URL. */
  void onCreate(ResourceType type, String pathNamespace, ObjectNode object) {
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    ObjectNode metadata = Json.metadata(object);
    if (type.namespaced()) {
      String bodyNamespace = metadata.path("namespace").asString("");
      if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(pathNamespace)) {
        throw ApiStatus.badRequest(
            "the namespace of the provided object (\""
                + bodyNamespace
                + "\") does not match the namespace sent on the request (\""
                + pathNamespace
                + "\")");
      }
      metadata.put("namespace", pathNamespace);
    } else {
      metadata.remove("namespace");
    }
    if (metadata.path("name").asString("").isEmpty()) {
      String generateName = metadata.path("generateName").asString("");
      if (generateName.isEmpty()) {
        throw ApiStatus.error(
            422,
            "Invalid",
            type.kind()
                + " \"\" is invalid: metadata.name: Required value: name or generateName is"
                + " required");
      }
      metadata.put("name", generateName + randomSuffix());
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", now());
    metadata.remove("resourceVersion");
    metadata.remove("deletionTimestamp");
    if (type.tracksGeneration()) {
      metadata.put("generation", 1);
    } else {
      metadata.remove("generation");
    }
    if (isPods(type)) {
      defaultPod(object);
      ObjectNode status = Json.objectAt(object, "status");
      if (status.path("phase").asString("").isEmpty()) {
        status.put("phase", "Pending");
      }
      status.put("qosClass", qosClass(object));
    }
  }

  /**
   * Prepares the object an update will store: identity and immutable metadata from {@code old},
   * status kept on a main-resource write and spec kept on a {@code status} write, and generation
   * bumped when anything outside metadata and status changed.
   */
  ObjectNode onUpdate(ResourceType type, JsonNode old, ObjectNode updated, String subresource) {
    ObjectNode result;
    if (subresource.equals("status")) {
      result = (ObjectNode) old.deepCopy();
      if (updated.has("status")) {
        result.set("status", updated.get("status"));
      } else {
        result.remove("status");
      }
      String rv = Json.string(updated, "metadata.resourceVersion");
      if (!rv.isEmpty()) {
        Json.metadata(result).put("resourceVersion", rv);
      }
    } else {
      result = updated;
      result.put("apiVersion", type.apiVersion());
      result.put("kind", type.kind());
      if (type.hasStatus()) {
        if (old.has("status")) {
          result.set("status", old.get("status").deepCopy());
        } else {
          result.remove("status");
        }
      }
    }
    ObjectNode metadata = Json.metadata(result);
    JsonNode oldMetadata = old.path("metadata");
    for (String immutable : List.of("uid", "creationTimestamp", "namespace", "name")) {
      if (oldMetadata.has(immutable)) {
        metadata.set(immutable, oldMetadata.get(immutable));
      }
    }
    if (oldMetadata.has("deletionTimestamp")) {
      metadata.set("deletionTimestamp", oldMetadata.get("deletionTimestamp"));
    }
    if (type.tracksGeneration()) {
      long generation = oldMetadata.path("generation").asLong(1);
      metadata.put("generation", specChanged(old, result) ? generation + 1 : generation);
    }
    if (isPods(type) && !subresource.equals("status")) {
      defaultPod(result);
    }
    return result;
  }

  /** Defaulting again after a mutating webhook's patch, as the API server does. */
  void afterMutation(ResourceType type, ObjectNode object) {
    if (isPods(type)) {
      defaultPod(object);
    }
  }

  private static boolean isPods(ResourceType type) {
    return !type.custom() && type.group().isEmpty() && type.plural().equals("pods");
  }

  private static boolean specChanged(JsonNode old, JsonNode updated) {
    Set<String> fields = new HashSet<>();
    old.propertyNames().forEach(fields::add);
    updated.propertyNames().forEach(fields::add);
    fields.removeAll(Set.of("metadata", "status", "apiVersion", "kind"));
    for (String field : fields) {
      if (!old.path(field).equals(updated.path(field))) {
        return true;
      }
    }
    return false;
  }

  private static void defaultPod(ObjectNode pod) {
    ObjectNode spec = Json.objectAt(pod, "spec");
    if (spec.path("schedulerName").asString("").isEmpty()) {
      spec.put("schedulerName", "default-scheduler");
    }
    if (spec.path("restartPolicy").asString("").isEmpty()) {
      spec.put("restartPolicy", "Always");
    }
    if (!spec.has("terminationGracePeriodSeconds")) {
      spec.put("terminationGracePeriodSeconds", 30);
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : spec.path(list)) {
        if (!(container instanceof ObjectNode c)) {
          continue;
        }
        ObjectNode resources = Json.objectAt(c, "resources");
        JsonNode limits = resources.get("limits");
        if (limits == null || !limits.isObject() || limits.isEmpty()) {
          continue;
        }
        ObjectNode requests = Json.objectAt(resources, "requests");
        limits
            .properties()
            .forEach(
                e -> {
                  if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue());
                  }
                });
      }
    }
  }

  /** {@code Guaranteed}, {@code Burstable} or {@code BestEffort}, as the kubelet's GetPodQOS. */
  static String qosClass(JsonNode pod) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    JsonNode spec = pod.path("spec");
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : spec.path(list)) {
        JsonNode resources = container.path("resources");
        addPositive(resources.path("requests"), requests, new HashSet<>());
        Set<String> limitsFound = new HashSet<>();
        addPositive(resources.path("limits"), limits, limitsFound);
        if (!limitsFound.containsAll(Set.of("cpu", "memory"))) {
          guaranteed = false;
        }
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
        BigDecimal limit = limits.get(request.getKey());
        if (limit == null || limit.compareTo(request.getValue()) != 0) {
          guaranteed = false;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  private static void addPositive(
      JsonNode quantities, Map<String, BigDecimal> sums, Set<String> found) {
    for (String resource : List.of("cpu", "memory")) {
      JsonNode q = quantities.get(resource);
      if (q == null || q.isNull()) {
        continue;
      }
      BigDecimal amount;
      try {
        amount = Quantity.getAmountInBytes(new Quantity(q.asString()));
      } catch (IllegalArgumentException e) {
        throw ApiStatus.error(
            422,
            "Invalid",
            "quantities must match the regular expression: \""
                + q.asString()
                + "\" for "
                + resource);
      }
      if (amount.signum() > 0) {
        found.add(resource);
        sums.merge(resource, amount, BigDecimal::add);
      }
    }
  }

  private String randomSuffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return suffix.toString();
  }

  String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
