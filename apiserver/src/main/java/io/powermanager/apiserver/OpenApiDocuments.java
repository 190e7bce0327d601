package io.powermanager.apiserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal OpenAPI v3: one document per group version whose POST, PUT and PATCH operations carry
 * {@code x-kubernetes-group-version-kind} and a {@code fieldValidation} query parameter. That is
 * what kubectl checks before it leaves validation to the server ({@code fieldValidation=Strict})
 * instead of downloading schemas. There are no schemas: {@code kubectl explain} does not work, and
 * no field is validated (the fabric8 mock stores whatever it gets).
 */
final class OpenApiDocuments {
  private final ResourceCatalog catalog;
  private final String gitVersion;

  OpenApiDocuments(ResourceCatalog catalog, String gitVersion) {
    this.catalog = catalog;
    this.gitVersion = gitVersion;
  }

  /** {@code GET /openapi/v3}: the index of group-version documents. */
  ObjectNode index() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=" + hash("", "v1"));
    catalog
        .groups()
        .forEach(
            (group, versions) -> {
              for (String version : versions) {
                paths
                    .putObject("apis/" + group + "/" + version)
                    .put(
                        "serverRelativeURL",
                        "/openapi/v3/apis/"
                            + group
                            + "/"
                            + version
                            + "?hash="
                            + hash(group, version));
              }
            });
    return root;
  }

  /** {@code GET /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}. */
  Optional<ObjectNode> document(String group, String version) {
    List<ResourceType> types = catalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", gitVersion);
    ObjectNode paths = doc.putObject("paths");
    String prefix = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
    for (ResourceType type : types) {
      if (type.plural().equals("bindings")) {
        continue;
      }
      String collection =
          prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
      paths.putObject(collection).set("post", operation(type, "post"));
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("put", operation(type, "put"));
      item.set("patch", operation(type, "patch"));
      if (type.hasStatus()) {
        ObjectNode status = paths.putObject(collection + "/{name}/status");
        status.set("put", operation(type, "put"));
        status.set("patch", operation(type, "patch"));
      }
    }
    doc.putObject("components").putObject("schemas");
    return Optional.of(doc);
  }

  private static ObjectNode operation(ResourceType type, String action) {
    ObjectNode op = Json.object();
    op.put("operationId", action + type.kind());
    op.put("x-kubernetes-action", action);
    ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", type.group());
    gvk.put("version", type.version());
    gvk.put("kind", type.kind());
    ArrayNode parameters = op.putArray("parameters");
    for (String name : List.of("dryRun", "fieldManager", "fieldValidation")) {
      ObjectNode p = parameters.addObject();
      p.put("name", name);
      p.put("in", "query");
      p.putObject("schema").put("type", "string");
    }
    op.putObject("responses").putObject("200").put("description", "OK");
    return op;
  }

  private String hash(String group, String version) {
    String content = document(group, version).map(Json::text).orElse("");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
