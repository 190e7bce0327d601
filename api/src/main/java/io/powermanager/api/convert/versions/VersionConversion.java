package io.powermanager.api.convert.versions;

import io.powermanager.api.PowerApi;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a power object between {@code power.intel.com/v1alpha1} and {@code v1}, losslessly.
 *
 * <p>Only {@code apiVersion}, {@code spec}, {@code status} and the annotation {@value
 * PowerApi#CONVERSION_DATA_ANNOTATION} change; every other field, metadata included, is copied.
 * When the mechanical return trip of the result would not give back the source, the source's {@code
 * spec} and {@code status} go into that annotation; converting back restores them exactly as long
 * as the converted object was not changed since (its mechanical return trip still equals them),
 * otherwise the changed object is converted mechanically. Stateless and thread-safe.
 */
public final class VersionConversion {

  /** The kinds this class converts. */
  public static final List<String> KINDS =
      List.of("PowerConfig", "PowerProfile", "PowerWorkload", "PowerNode");

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private VersionConversion() {}

  /**
   * One direction of one kind's mapping: mutates a body holding {@code spec} and {@code status}.
   */
  @FunctionalInterface
  private interface Mapping {
    void apply(ObjectNode body) throws ConversionException;
  }

  private record KindMappings(Mapping toV1, Mapping toV1alpha1) {
    Mapping to(String version) {
      return PowerApi.STORAGE_VERSION.equals(version) ? toV1 : toV1alpha1;
    }
  }

  private static final Map<String, KindMappings> MAPPINGS =
      Map.of(
          "PowerConfig", new KindMappings(ConfigVersions::toV1, ConfigVersions::toV1alpha1),
          "PowerProfile", new KindMappings(ProfileVersions::toV1, ProfileVersions::toV1alpha1),
          "PowerWorkload", new KindMappings(WorkloadVersions::toV1, WorkloadVersions::toV1alpha1),
          "PowerNode", new KindMappings(NodeVersions::toV1, NodeVersions::toV1alpha1));

  /** Whether {@code apiVersion} is one of the two this class converts between. */
  public static boolean isConvertible(String apiVersion) {
    return PowerApi.API_VERSION.equals(apiVersion)
        || PowerApi.STORAGE_API_VERSION.equals(apiVersion);
  }

  /**
   * {@code object} in {@code desiredApiVersion}: a new tree, the argument is not modified; a copy
   * when it already is in that version.
   *
   * @throws ConversionException when the object is not a power object of a convertible version, the
   *     desired version is not one, or a field has a shape neither version allows
   */
  public static ObjectNode convert(JsonNode object, String desiredApiVersion)
      throws ConversionException {
    if (!(object instanceof ObjectNode source)) {
      throw new ConversionException(
          "the object must be a JSON object, not "
              + (object == null ? "null" : object.getNodeType()));
    }
    String apiVersion = source.path("apiVersion").asString("");
    String kind = source.path("kind").asString("");
    if (!isConvertible(apiVersion)) {
      throw new ConversionException(
          "apiVersion "
              + quoted(apiVersion)
              + " cannot be converted; expected "
              + PowerApi.API_VERSION
              + " or "
              + PowerApi.STORAGE_API_VERSION);
    }
    if (!isConvertible(desiredApiVersion)) {
      throw new ConversionException(
          "desiredAPIVersion "
              + quoted(desiredApiVersion)
              + " is not served; expected "
              + PowerApi.API_VERSION
              + " or "
              + PowerApi.STORAGE_API_VERSION);
    }
    KindMappings mappings = MAPPINGS.get(kind);
    if (mappings == null) {
      throw new ConversionException(
          "kind " + quoted(kind) + " cannot be converted; expected one of " + KINDS);
    }
    if (apiVersion.equals(desiredApiVersion)) {
      return source.deepCopy();
    }
    // spec and status are replaced below and metadata copied: no need to copy them here
    ObjectNode result = Trees.NODES.objectNode();
    source
        .properties()
        .forEach(
            e ->
                result.set(
                    e.getKey(),
                    List.of("spec", "status", "metadata").contains(e.getKey())
                        ? e.getValue()
                        : e.getValue().deepCopy()));
    String from = version(apiVersion);
    String to = version(desiredApiVersion);
    ObjectNode metadata = Trees.requireObject(source, "metadata", "metadata");
    if (metadata != null) {
      metadata = metadata.deepCopy();
      result.set("metadata", metadata);
    }
    ObjectNode stash = takeStash(metadata);

    ObjectNode clean = body(source); // references, never modified
    ObjectNode converted = clean.deepCopy();
    mappings.to(to).apply(converted);

    if (stash != null && desiredApiVersion.equals(stash.path("apiVersion").asString(null))) {
      ObjectNode stashed = body(stash);
      ObjectNode back = stashed.deepCopy();
      try {
        mappings.to(from).apply(back);
        if (back.equals(clean)) {
          converted = stashed;
        }
      } catch (ConversionException e) {
        // an annotation that no longer fits is ignored: the object converts mechanically
      }
    }

    ObjectNode returnTrip = converted.deepCopy();
    mappings.to(from).apply(returnTrip);
    if (!returnTrip.equals(clean)) {
      ObjectNode data = Trees.NODES.objectNode();
      data.put("apiVersion", apiVersion);
      data.setAll(clean);
      if (metadata == null) {
        metadata = Trees.NODES.objectNode();
        Trees.putAfter(result, "kind", "metadata", metadata);
      }
      ObjectNode annotations = Trees.requireObject(metadata, "annotations", "metadata.annotations");
      if (annotations == null) {
        annotations = metadata.putObject("annotations");
      }
      annotations.put(PowerApi.CONVERSION_DATA_ANNOTATION, MAPPER.writeValueAsString(data));
    }

    result.put("apiVersion", desiredApiVersion);
    place(result, "spec", converted.get("spec"));
    place(result, "status", converted.get("status"));
    return result;
  }

  /** The short version of an {@code apiVersion} of this group, e.g. {@code v1}. */
  private static String version(String apiVersion) {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  /** Removes and parses the conversion annotation; {@code null} when absent or unreadable. */
  private static ObjectNode takeStash(ObjectNode metadata) throws ConversionException {
    ObjectNode annotations = Trees.requireObject(metadata, "annotations", "metadata.annotations");
    if (annotations == null || !annotations.has(PowerApi.CONVERSION_DATA_ANNOTATION)) {
      return null;
    }
    JsonNode value = annotations.remove(PowerApi.CONVERSION_DATA_ANNOTATION);
    if (annotations.isEmpty()) {
      metadata.remove("annotations");
    }
    if (!value.isString()) {
      return null;
    }
    try {
      JsonNode parsed = MAPPER.readTree(value.stringValue());
      return parsed instanceof ObjectNode o ? o : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** A new object holding {@code spec} and {@code status} (the same nodes) where present. */
  private static ObjectNode body(ObjectNode object) {
    ObjectNode body = Trees.NODES.objectNode();
    JsonNode spec = object.get("spec");
    if (spec != null && !spec.isNull()) {
      body.set("spec", spec);
    }
    JsonNode status = object.get("status");
    if (status != null && !status.isNull()) {
      body.set("status", status);
    }
    return body;
  }

  private static void place(ObjectNode object, String field, JsonNode value) {
    if (value == null) {
      object.remove(field);
    } else {
      object.set(field, value);
    }
  }

  private static String quoted(String s) {
    return s == null || s.isEmpty() ? "(empty)" : "\"" + s + "\"";
  }
}
