package io.powermanager.apiserver;

import java.util.Optional;

/**
 * A request path that names a resource: {@code /api/v1/namespaces/ns/pods/x/status} or {@code
 * /apis/g/v/plural[/name[/sub]]}, with the namespace segment optional.
 *
 * @param namespace empty for cluster-scoped requests and for all-namespace lists
 * @param name empty for collection requests
 * @param subresource empty unless the path continues after the name
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  /** Parses a resource path; empty for every other path (discovery, openapi, /version...). */
  static Optional<ResourcePath> parse(String path) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    String version;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      version = parts[1];
      i = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      version = parts[2];
      i = 3;
    } else {
      return Optional.empty();
    }
    String[] rest = java.util.Arrays.copyOfRange(parts, i, parts.length);
    String namespace = "";
    // namespaces/<ns>/<plural>... is namespaced; "namespaces" and "namespaces/<ns>[/status]" are
    // not
    if (rest.length >= 3 && rest[0].equals("namespaces") && !isNamespaceSubresource(rest)) {
      namespace = rest[1];
      rest = java.util.Arrays.copyOfRange(rest, 2, rest.length);
    }
    if (rest.length == 0 || rest.length > 3) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            rest[0],
            rest.length > 1 ? rest[1] : "",
            rest.length > 2 ? rest[2] : ""));
  }

  private static boolean isNamespaceSubresource(String[] rest) {
    // namespaces/<name>/status and namespaces/<name>/finalize address the Namespace itself
    return rest.length == 3 && (rest[2].equals("status") || rest[2].equals("finalize"));
  }

  /** The path of the collection this path belongs to (namespace kept when present). */
  String collectionPath() {
    StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    p.append(version);
    if (!namespace.isEmpty()) {
      p.append("/namespaces/").append(namespace);
    }
    return p.append('/').append(plural).toString();
  }

  /** The path of one object of this collection. */
  String objectPath(String objectNamespace, String objectName) {
    StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/");
    p.append(version);
    if (!objectNamespace.isEmpty()) {
      p.append("/namespaces/").append(objectNamespace);
    }
    return p.append('/').append(plural).append('/').append(objectName).toString();
  }

  String resourceWithSubresource() {
    return subresource.isEmpty() ? plural : plural + "/" + subresource;
  }
}
