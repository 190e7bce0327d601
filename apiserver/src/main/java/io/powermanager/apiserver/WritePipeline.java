package io.powermanager.apiserver;

import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every write, in kube-apiserver's order: decode, default, admit (mutating webhooks, defaulting,
 * validating webhooks), then store — unless {@code dryRun=All}, which runs everything but the
 * store. Patches are applied here against the stored object and stored as updates, so JSON, merge
 * and strategic merge patches all go through admission as {@code UPDATE}.
 *
 * <p>Deletion is immediate: there is no graceful termination (a pod's {@code DELETE} answers the
 * pod and it is gone). Objects with finalizers get a {@code deletionTimestamp} and go when the last
 * finalizer is removed. Dependents are collected afterwards by {@code GarbageCollector}.
 */
final class WritePipeline {
  /** A write's answer: status code, body and admission warnings. */
  record Result(int code, JsonNode body, List<String> warnings) {}

  private static final int PATCH_ATTEMPTS = 5;

  private final MockStore store;
  private final Defaulter defaulter;
  private final AdmissionController admission;
  private final CustomResourceSchemas schemas;
  private final java.util.function.Consumer<ResourceType> written;

  /**
   * @param written told the type of every stored write (after it is stored)
   */
  WritePipeline(
      MockStore store,
      Defaulter defaulter,
      AdmissionController admission,
      CustomResourceSchemas schemas,
      java.util.function.Consumer<ResourceType> written) {
    this.store = store;
    this.defaulter = defaulter;
    this.admission = admission;
    this.schemas = schemas;
    this.written = written;
  }

  Result create(ResourceType type, String namespace, JsonNode body, boolean dryRun) {
    return create(type, namespace, body, dryRun, FieldValidation.WARN);
  }

  Result create(
      ResourceType type,
      String namespace,
      JsonNode body,
      boolean dryRun,
      FieldValidation fieldValidation) {
    ObjectNode object = requireObject(type, body);
    List<String> unknownFields = schemas.decode(type, object, fieldValidation);
    defaulter.onCreate(type, namespace, object);
    AdmissionController.Outcome admitted =
        admission.admit(
            new AdmissionAttributes(
                "CREATE", type, "", namespace, Json.name(object), object, null, dryRun));
    ObjectNode admittedObject = (ObjectNode) admitted.object();
    List<String> warnings = concat(unknownFields, admitted.warnings());
    if (dryRun) {
      return new Result(201, admittedObject, warnings);
    }
    JsonNode stored = store.create(type, namespace, admittedObject);
    written.accept(type);
    return new Result(201, stored, warnings);
  }

  Result update(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      JsonNode body,
      boolean dryRun,
      FieldValidation fieldValidation) {
    ObjectNode object = requireObject(type, body);
    checkName(type, name, object);
    JsonNode old = store.get(type, namespace, name);
    return store(type, namespace, name, subresource, old, object, dryRun, fieldValidation);
  }

  Result patch(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      String contentType,
      JsonNode patch,
      boolean dryRun,
      FieldValidation fieldValidation) {
    for (int attempt = 1; ; attempt++) {
      JsonNode old = store.get(type, namespace, name);
      JsonNode patched = applyPatch(type, contentType, old, patch);
      if (!(patched instanceof ObjectNode object)) {
        throw ApiStatus.badRequest(
            "the patch turned " + type.kind() + " \"" + name + "\" into a non-object");
      }
      String wantedVersion = Json.string(patched, "metadata.resourceVersion");
      String oldVersion = Json.string(old, "metadata.resourceVersion");
      boolean precondition = !wantedVersion.isEmpty() && !wantedVersion.equals(oldVersion);
      if (precondition) {
        throw ApiStatus.conflict(type, name);
      }
      Json.metadata(object).put("resourceVersion", oldVersion);
      try {
        return store(type, namespace, name, subresource, old, object, dryRun, fieldValidation);
      } catch (ApiException e) {
        boolean conflict =
            e.code() == 409 && "Conflict".equals(e.status().path("reason").asString(""));
        if (!conflict || attempt == PATCH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  Result delete(
      ResourceType type, String namespace, String name, JsonNode options, boolean dryRun) {
    JsonNode old = store.get(type, namespace, name);
    checkPreconditions(type, name, old, options);
    admission.admit(
        new AdmissionAttributes("DELETE", type, "", namespace, name, null, old, dryRun));
    if (dryRun) {
      return new Result(200, old, List.of());
    }
    if (old.path("metadata").path("finalizers").size() > 0) {
      if (!old.path("metadata").has("deletionTimestamp")) {
        ObjectNode marked = (ObjectNode) old.deepCopy();
        Json.metadata(marked).put("deletionTimestamp", defaulter.now());
        Json.metadata(marked).put("deletionGracePeriodSeconds", 0);
        JsonNode stored = store.replace(type, marked, "");
        written.accept(type);
        return new Result(200, stored, List.of());
      }
      return new Result(200, old, List.of());
    }
    JsonNode deleted = store.delete(type, namespace, name);
    written.accept(type);
    return new Result(200, deleted, List.of());
  }

  Result deleteCollection(
      ResourceType type,
      String namespace,
      FieldSelector fields,
      LabelSelector labels,
      boolean dryRun) {
    ArrayNode deleted = Json.array();
    List<String> warnings = new ArrayList<>();
    for (JsonNode item : store.list(type, namespace).items()) {
      if (fields.matches(item) && labels.matchesObject(item)) {
        Result one = delete(type, Json.namespace(item), Json.name(item), null, dryRun);
        deleted.add(one.body());
        warnings.addAll(one.warnings());
      }
    }
    ObjectNode list = Json.object();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    list.putObject("metadata");
    list.set("items", deleted);
    return new Result(200, list, warnings);
  }

  /**
   * {@code POST pods/<name>/binding} (or {@code POST bindings}): sets {@code spec.nodeName} and the
   * PodScheduled condition, as the scheduler's bind does. Not admitted, as in kube-apiserver.
   */
  Result bind(
      ResourceType pods, String namespace, String podName, JsonNode binding, boolean dryRun) {
    String node = Json.string(binding, "target.name");
    if (node.isEmpty()) {
      throw ApiStatus.error(
          422, "Invalid", "Binding \"" + podName + "\" is invalid: target.name: Required value");
    }
    JsonNode old = store.get(pods, namespace, podName);
    String current = Json.string(old, "spec.nodeName");
    if (!current.isEmpty()) {
      throw ApiStatus.conflict(
          pods, podName, "pod " + podName + " is already assigned to node \"" + current + "\"");
    }
    ObjectNode pod = (ObjectNode) old.deepCopy();
    Json.objectAt(pod, "spec").put("nodeName", node);
    ObjectNode status = Json.objectAt(pod, "status");
    ArrayNode conditions =
        status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (conditions.get(i).path("type").asString("").equals("PodScheduled")) {
        conditions.remove(i);
      }
    }
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled");
    scheduled.put("status", "True");
    scheduled.put("lastTransitionTime", defaulter.now());
    if (!dryRun) {
      store.replace(pods, pod, "");
      written.accept(pods);
    }
    return new Result(201, ApiStatus.success(201), List.of());
  }

  private Result store(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      JsonNode old,
      ObjectNode object,
      boolean dryRun,
      FieldValidation fieldValidation) {
    List<String> unknownFields = schemas.decode(type, object, fieldValidation);
    ObjectNode candidate = defaulter.onUpdate(type, old, object, subresource);
    AdmissionController.Outcome admitted =
        admission.admit(
            new AdmissionAttributes(
                "UPDATE", type, subresource, namespace, name, candidate, old, dryRun));
    ObjectNode admittedObject = (ObjectNode) admitted.object();
    List<String> warnings = concat(unknownFields, admitted.warnings());
    if (dryRun) {
      return new Result(200, admittedObject, warnings);
    }
    boolean finalized =
        admittedObject.path("metadata").has("deletionTimestamp")
            && admittedObject.path("metadata").path("finalizers").isEmpty();
    JsonNode stored = store.replace(type, admittedObject, subresource);
    // the mock removes such an object on its own; make sure it is gone either way
    if (finalized && store.find(type, namespace, name) != null) {
      store.delete(type, namespace, name);
    }
    written.accept(type);
    return new Result(200, stored, warnings);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    if (first.isEmpty()) {
      return second;
    }
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static JsonNode applyPatch(
      ResourceType type, String contentType, JsonNode old, JsonNode patch) {
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    try {
      return switch (mediaType) {
        case "application/json-patch+json" -> JsonPatch.apply(patch, old);
        case "application/merge-patch+json" -> MergePatch.apply(old, patch);
        case "application/strategic-merge-patch+json" -> {
          if (type.custom()) {
            throw ApiStatus.unsupportedMediaType(
                mediaType, "application/json-patch+json, application/merge-patch+json");
          }
          yield StrategicMergePatch.apply(old, patch);
        }
        case "application/apply-patch+yaml", "application/apply-patch+cbor" ->
            throw ApiStatus.unsupportedMediaType(
                mediaType + "; server-side apply is not available on the embedded API server",
                "application/json-patch+json, application/merge-patch+json,"
                    + " application/strategic-merge-patch+json");
        default ->
            throw ApiStatus.unsupportedMediaType(
                mediaType,
                "application/json-patch+json, application/merge-patch+json,"
                    + " application/strategic-merge-patch+json");
      };
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiStatus.error(
          422, "Invalid", "the " + mediaType + " patch cannot be applied: " + e.getMessage());
    }
  }

  private static ObjectNode requireObject(ResourceType type, JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiStatus.badRequest("the request body must be a " + type.kind() + " object");
    }
    String kind = object.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw ApiStatus.badRequest(
          "the body's kind \""
              + kind
              + "\" does not match the resource "
              + type.qualifiedPlural()
              + " (kind \""
              + type.kind()
              + "\")");
    }
    return object;
  }

  private static void checkName(ResourceType type, String name, ObjectNode object) {
    String bodyName = Json.name(object);
    if (bodyName.isEmpty()) {
      Json.metadata(object).put("name", name);
    } else if (!bodyName.equals(name)) {
      throw ApiStatus.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
  }

  private static void checkPreconditions(
      ResourceType type, String name, JsonNode old, JsonNode options) {
    if (options == null) {
      return;
    }
    String uid = Json.string(options, "preconditions.uid");
    String version = Json.string(options, "preconditions.resourceVersion");
    if (!uid.isEmpty() && !uid.equals(Json.string(old, "metadata.uid"))) {
      throw ApiStatus.conflict(
          type,
          name,
          "Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + Json.string(old, "metadata.uid"));
    }
    if (!version.isEmpty() && !version.equals(Json.string(old, "metadata.resourceVersion"))) {
      throw ApiStatus.conflict(
          type,
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + version
              + ", ResourceVersion in object meta: "
              + Json.string(old, "metadata.resourceVersion"));
    }
  }
}
