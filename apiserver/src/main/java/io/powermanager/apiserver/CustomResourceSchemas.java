package io.powermanager.apiserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver does with a custom resource's body against its CRD's {@code openAPIV3Schema}
 * for the served version: on decoding, unknown fields are pruned (named in warnings, or refused
 * with {@code fieldValidation=Strict}); after mutating admission the object is pruned again and
 * validated, a failure answered with 422 {@code Invalid}. Built-in kinds are not validated.
 *
 * <p>The CRDs are read from the store on first use and again after each CRD write through the
 * front, as {@link ResourceCatalog} does.
 */
final class CustomResourceSchemas {
  private final Supplier<List<JsonNode>> storedCrds;
  private final java.util.concurrent.atomic.AtomicLong crdWrites =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Map<String, CrdSchema> schemas;

  CustomResourceSchemas(Supplier<List<JsonNode>> storedCrds) {
    this.storedCrds = storedCrds;
  }

  /** Called after every stored write; a CRD write makes the next lookup re-read CRDs. */
  void written(ResourceType type) {
    if (!type.custom() && type.plural().equals("customresourcedefinitions")) {
      crdWrites.incrementAndGet();
      schemas = null;
    }
  }

  /**
   * Decoding a request body (or a patch's result): prunes unknown fields in place.
   *
   * @return the warnings to answer ({@code unknown field "spec.cstates"}), empty unless {@code
   *     Warn}
   * @throws ApiException 400 {@code BadRequest} naming the unknown fields under {@code Strict}
   */
  List<String> decode(ResourceType type, ObjectNode object, FieldValidation mode) {
    Optional<CrdSchema> schema = schema(type);
    if (schema.isEmpty()) {
      return List.of();
    }
    List<String> pruned = schema.get().prune(object);
    if (pruned.isEmpty() || mode == FieldValidation.IGNORE) {
      return List.of();
    }
    List<String> unknown = pruned.stream().map(p -> "unknown field \"" + p + "\"").toList();
    if (mode == FieldValidation.STRICT) {
      throw ApiStatus.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": strict decoding error: "
              + unknown.stream().collect(Collectors.joining(", ")));
    }
    return unknown;
  }

  /**
   * Validates the object a write would store (after mutating admission); prunes what a webhook
   * added without declaring it.
   *
   * @throws ApiException 422 {@code Invalid} with one cause per field error
   */
  void validate(AdmissionAttributes request) {
    if (!(request.object() instanceof ObjectNode object)) {
      return;
    }
    Optional<CrdSchema> schema = schema(request.type());
    if (schema.isEmpty()) {
      return;
    }
    schema.get().prune(object);
    List<FieldError> errors = schema.get().validate(object, request.oldObject());
    if (!errors.isEmpty()) {
      String name = Json.name(object);
      throw ApiStatus.invalid(request.type(), name.isEmpty() ? request.name() : name, errors);
    }
  }

  private Optional<CrdSchema> schema(ResourceType type) {
    if (!type.custom()) {
      return Optional.empty();
    }
    Map<String, CrdSchema> current = schemas;
    if (current == null) {
      long before = crdWrites.get();
      current = load();
      if (crdWrites.get() == before) {
        schemas = current; // not when a CRD was written while loading: the next lookup reloads
      }
    }

    return Optional.ofNullable(current.get(key(type.group(), type.plural(), type.version())));
  }

  private Map<String, CrdSchema> load() {
    Map<String, CrdSchema> loaded = new HashMap<>();
    for (JsonNode crd : storedCrds.get()) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asString("");
      String plural = spec.path("names").path("plural").asString("");
      for (JsonNode version : spec.path("versions")) {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        if (schema.isObject()) {
          loaded.put(key(group, plural, version.path("name").asString("")), new CrdSchema(schema));
        }
      }
    }
    return Map.copyOf(loaded);
  }

  private static String key(String group, String plural, String version) {
    return plural + "." + group + "/" + version;
  }
}
