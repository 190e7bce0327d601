package io.powermanager.webhook;

import io.powermanager.api.PowerLabels;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.ProfileAnnotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The pod mutation on CREATE, decided on the rules' view, answered as the JSON Patch of what it
 * adds:
 *
 * <ul>
 *   <li>{@link ProfileAnnotation#apply}: containers of a pod annotated {@code
 *       power.intel.com/profile} get the profile's resource in requests and limits;
 *   <li>a pod requesting a profile gets the label {@link PowerLabels#PROFILE} = the alphabetically
 *       first valid profile it requests;
 *   <li>with a configured scheduler, a pod requesting a profile that chose none ({@code
 *       schedulerName} absent or {@code default-scheduler}) gets it.
 * </ul>
 *
 * Idempotent: the patched pod needs no further patch. Stateless.
 */
final class PodMutation {

  static final String DEFAULT_SCHEDULER = "default-scheduler";

  private PodMutation() {}

  /**
   * The patch, or empty when the pod needs no change.
   *
   * @param pod the pod's JSON, read into {@code view} by {@link PodJson}
   */
  static Optional<? extends JsonNode> patch(
      JsonNode pod, PodView view, AdmissionSettings settings) {
    List<ContainerView> containers = ProfileAnnotation.apply(view);
    PodView mutated = containers.equals(view.containers()) ? view : view.withContainers(containers);
    if (!PodRules.requestsPower(mutated)) {
      return Optional.empty();
    }
    JsonPatchBuilder patch = new JsonPatchBuilder();
    Optional<String> label = profileLabel(mutated);
    JsonNode labels = pod.path("metadata").path("labels");
    if (label.isPresent() && !label.get().equals(labels.path(PowerLabels.PROFILE).asString(null))) {
      StringNode value = StringNode.valueOf(label.get());
      if (!pod.path("metadata").isObject()) {
        patch.add(
            JsonPatchBuilder.pointer("metadata"),
            object().set("labels", object().set(PowerLabels.PROFILE, value)));
      } else if (!labels.isObject()) {
        patch.add(
            JsonPatchBuilder.pointer("metadata", "labels"),
            object().set(PowerLabels.PROFILE, value));
      } else {
        patch.add(JsonPatchBuilder.pointer("metadata", "labels", PowerLabels.PROFILE), value);
      }
    }
    for (int i = 0; i < containers.size(); i++) {
      if (!containers.get(i).equals(view.containers().get(i))) {
        addResources(patch, pod.get("spec").get("containers").get(i), i, view, containers.get(i));
      }
    }
    JsonNode scheduler = pod.path("spec").path("schedulerName");
    if (pod.path("spec").isObject()
        && (!scheduler.isString()
            || scheduler.asString().isBlank()
            || DEFAULT_SCHEDULER.equals(scheduler.asString()))) {
      settings
          .schedulerName()
          .ifPresent(
              s ->
                  patch.add(
                      JsonPatchBuilder.pointer("spec", "schedulerName"), StringNode.valueOf(s)));
    }
    return patch.build();
  }

  /** The alphabetically first valid profile any container or init container requests. */
  static Optional<String> profileLabel(PodView pod) {
    TreeSet<String> profiles = new TreeSet<>();
    for (List<ContainerView> list : List.of(pod.containers(), pod.initContainers())) {
      for (ContainerView c : list) {
        for (String resource : PodRules.powerResources(c)) {
          PowerNames.profileOf(resource)
              .filter(PowerNames::isValidProfileName)
              .ifPresent(profiles::add);
        }
      }
    }
    return profiles.isEmpty() ? Optional.empty() : Optional.of(profiles.first());
  }

  /**
   * Adds the power entries container {@code i} gains: whole {@code resources}, {@code requests} or
   * {@code limits} objects when absent, else one member each.
   */
  private static void addResources(
      JsonPatchBuilder patch, JsonNode container, int i, PodView view, ContainerView after) {
    ContainerView before = view.containers().get(i);
    JsonPointer at = JsonPatchBuilder.pointer("spec", "containers").appendIndex(i);
    ObjectNode requests = added(before.requests(), after.requests());
    ObjectNode limits = added(before.limits(), after.limits());
    JsonNode resources = container.get("resources");
    if (resources == null || resources.isNull()) {
      ObjectNode whole = object();
      if (!limits.isEmpty()) {
        whole.set("limits", limits);
      }
      if (!requests.isEmpty()) {
        whole.set("requests", requests);
      }
      patch.add(at.appendProperty("resources"), whole);
      return;
    }
    addMembers(patch, resources, at.appendProperty("resources"), "limits", limits);
    addMembers(patch, resources, at.appendProperty("resources"), "requests", requests);
  }

  private static void addMembers(
      JsonPatchBuilder patch, JsonNode resources, JsonPointer at, String field, ObjectNode added) {
    if (added.isEmpty()) {
      return;
    }
    JsonNode current = resources.get(field);
    if (current == null || current.isNull()) {
      patch.add(at.appendProperty(field), added);
      return;
    }
    for (Map.Entry<String, JsonNode> e : added.properties()) {
      patch.add(at.appendProperty(field).appendProperty(e.getKey()), e.getValue());
    }
  }

  /** The power entries of {@code after} that {@code before} lacks, sorted by name. */
  private static ObjectNode added(Map<String, String> before, Map<String, String> after) {
    ObjectNode out = object();
    new TreeMap<>(after)
        .forEach(
            (resource, amount) -> {
              if (PowerNames.isPowerResource(resource) && !before.containsKey(resource)) {
                out.put(resource, amount);
              }
            });
    return out;
  }

  private static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }
}
