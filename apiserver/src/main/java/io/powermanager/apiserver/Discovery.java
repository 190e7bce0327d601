package io.powermanager.apiserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Legacy (non-aggregated) discovery and {@code /version}. kubectl and client-go ask for aggregated
 * discovery first and fall back to these documents when the answer's Content-Type is plain {@code
 * application/json}, which is what the front always sends.
 */
final class Discovery {
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)(?:\\.\\d+)?.*");

  private final ResourceCatalog catalog;
  private final String gitVersion;
  private final java.util.function.Supplier<String> serverAddress;

  Discovery(
      ResourceCatalog catalog,
      String gitVersion,
      java.util.function.Supplier<String> serverAddress) {
    Matcher m = VERSION.matcher(gitVersion);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "kubernetesVersion \"" + gitVersion + "\" is not of the form v<major>.<minor>.<patch>");
    }
    this.catalog = catalog;
    this.gitVersion = gitVersion;
    this.serverAddress = serverAddress;
  }

  ObjectNode version() {
    Matcher m = VERSION.matcher(gitVersion);
    m.matches();
    ObjectNode v = Json.object();
    v.put("major", m.group(1));
    v.put("minor", m.group(2));
    v.put("gitVersion", gitVersion);
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "go1.24.0");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  /** {@code GET /api}. */
  ObjectNode coreVersions() {
    ObjectNode versions = Json.object();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress.get());
    return versions;
  }

  /** {@code GET /apis}. */
  ObjectNode groupList() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    catalog.groups().forEach((name, versions) -> groups.add(group(name, versions)));
    return list;
  }

  /** {@code GET /apis/<group>}. */
  Optional<ObjectNode> group(String name) {
    List<String> versions = catalog.groups().get(name);
    return versions == null ? Optional.empty() : Optional.of(group(name, versions));
  }

  /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}. */
  Optional<ObjectNode> resources(String group, String version) {
    List<ResourceType> types = catalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", types.get(0).apiVersion());
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode r = resources.addObject();
      r.put("name", type.plural());
      r.put("singularName", type.singular());
      r.put("namespaced", type.namespaced());
      r.put("kind", type.kind());
      ArrayNode verbs = r.putArray("verbs");
      (type.plural().equals("bindings") ? List.of("create") : ResourceType.ALL_VERBS)
          .forEach(verbs::add);
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      if (!type.categories().isEmpty()) {
        ArrayNode categories = r.putArray("categories");
        type.categories().forEach(categories::add);
      }
      for (String sub : type.subresources().stream().sorted().toList()) {
        ObjectNode s = resources.addObject();
        s.put("name", type.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", type.namespaced());
        boolean binding = sub.equals("binding");
        s.put("kind", binding ? "Binding" : type.kind());
        ArrayNode subVerbs = s.putArray("verbs");
        (binding ? List.of("create") : List.of("get", "patch", "update")).forEach(subVerbs::add);
      }
    }
    return Optional.of(list);
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode group = Json.object();
    group.put("name", name);
    ArrayNode list = group.putArray("versions");
    for (String v : versions) {
      ObjectNode entry = list.addObject();
      entry.put("groupVersion", name + "/" + v);
      entry.put("version", v);
    }
    ObjectNode preferred = group.putObject("preferredVersion");
    preferred.put("groupVersion", name + "/" + versions.get(0));
    preferred.put("version", versions.get(0));
    return group;
  }

  Map<String, List<String>> groups() {
    return catalog.groups();
  }
}
