package io.powermanager.charts;

import static io.powermanager.charts.RenderedChart.kind;
import static io.powermanager.charts.RenderedChart.strings;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** RBAC of a rendered chart, flattened so tests can compare grants as strings. */
final class Rbac {

  private Rbac() {}

  /** The roles bound to ServiceAccount {@code account} in the release namespace. */
  static List<JsonNode> rolesBoundTo(RenderedChart chart, String account) {
    var roles = new ArrayList<JsonNode>();
    for (String bindingKind : List.of("ClusterRoleBinding", "RoleBinding")) {
      chart
          .ofKind(bindingKind)
          .filter(
              b ->
                  b.path("subjects")
                      .valueStream()
                      .anyMatch(
                          s ->
                              s.path("kind").asString("").equals("ServiceAccount")
                                  && s.path("name").asString("").equals(account)
                                  && s.path("namespace").asString("").equals(ValueSet.NAMESPACE)))
          .forEach(
              b ->
                  chart
                      .find(
                          b.path("roleRef").path("kind").asString(""),
                          b.path("roleRef").path("name").asString(""))
                      .ifPresent(roles::add));
    }
    return roles;
  }

  /** {@code "<Kind> <group>/<resource> <verb>"}, plus {@code " [names]"} when restricted. */
  static List<String> grants(JsonNode role) {
    var grants = new ArrayList<String>();
    for (JsonNode rule : role.path("rules")) {
      List<String> names = strings(rule.path("resourceNames"));
      String suffix = names.isEmpty() ? "" : " " + names.toString().replace(", ", ",");
      for (String group : strings(rule.path("apiGroups"))) {
        for (String resource : strings(rule.path("resources"))) {
          for (String verb : strings(rule.path("verbs"))) {
            grants.add(kind(role) + " " + group + "/" + resource + " " + verb + suffix);
          }
        }
      }
    }
    return grants;
  }
}
