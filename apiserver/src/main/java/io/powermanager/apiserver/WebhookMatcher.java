package io.powermanager.apiserver;

import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Whether one webhook of a Mutating/ValidatingWebhookConfiguration applies to a request: its {@code
 * rules} (operations, apiGroups, apiVersions, resources with subresources, scope), {@code
 * namespaceSelector} and {@code objectSelector}. {@code matchConditions} are CEL and are not
 * evaluated: a webhook that has them is called as if they were all true.
 */
final class WebhookMatcher {
  private WebhookMatcher() {}

  /**
   * @param namespaceLabels the labels of a namespace by name (an empty object when it is missing)
   */
  static boolean matches(
      JsonNode webhook, AdmissionAttributes request, Function<String, JsonNode> namespaceLabels) {
    return matchesRules(webhook.path("rules"), request)
        && matchesNamespace(webhook.get("namespaceSelector"), request, namespaceLabels)
        && matchesObject(webhook.get("objectSelector"), request);
  }

  static boolean matchesRules(JsonNode rules, AdmissionAttributes request) {
    for (JsonNode rule : rules) {
      if (contains(rule.path("operations"), request.operation())
          && contains(rule.path("apiGroups"), request.type().group())
          && contains(rule.path("apiVersions"), request.type().version())
          && matchesResource(rule.path("resources"), request)
          && matchesScope(rule.path("scope").asString("*"), request.type())) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesResource(JsonNode resources, AdmissionAttributes request) {
    for (JsonNode entry : resources) {
      String value = entry.asString();
      int slash = value.indexOf('/');
      String resource = slash < 0 ? value : value.substring(0, slash);
      String sub = slash < 0 ? "" : value.substring(slash + 1);
      boolean resourceMatches = resource.equals("*") || resource.equals(request.type().plural());
      // "pods/*" is every subresource of pods but not pods itself; "*/*" is everything
      boolean subMatches =
          slash < 0
              ? request.subresource().isEmpty()
              : request.subresource().isEmpty()
                  ? value.equals("*/*")
                  : sub.equals("*") || sub.equals(request.subresource());
      if (resourceMatches && subMatches) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesScope(String scope, ResourceType type) {
    return switch (scope) {
      case "Cluster" -> !type.namespaced();
      case "Namespaced" -> type.namespaced();
      default -> true;
    };
  }

  private static boolean matchesNamespace(
      JsonNode selector, AdmissionAttributes request, Function<String, JsonNode> namespaceLabels) {
    LabelSelector s = LabelSelector.fromObject(selector);
    if (s.isEverything()) {
      return true;
    }
    boolean isNamespace =
        request.type().group().isEmpty() && request.type().plural().equals("namespaces");
    if (isNamespace) {
      return s.matchesObject(request.object()) || s.matchesObject(request.oldObject());
    }
    if (!request.type().namespaced()) {
      return true;
    }
    return s.matchesLabels(namespaceLabels.apply(request.namespace()));
  }

  private static boolean matchesObject(JsonNode selector, AdmissionAttributes request) {
    LabelSelector s = LabelSelector.fromObject(selector);
    if (s.isEverything()) {
      return true;
    }
    return (request.object() != null && s.matchesObject(request.object()))
        || (request.oldObject() != null && s.matchesObject(request.oldObject()));
  }

  private static boolean contains(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asString().equals("*") || v.asString().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
