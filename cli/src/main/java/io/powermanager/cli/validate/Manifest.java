package io.powermanager.cli.validate;

import io.powermanager.domain.rules.ApiVersion;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * One object read from a manifest file: where it came from, its JSON tree and the version it was
 * written in (a v1 seed kind's tree is converted to v1alpha1; the rules that differ by version key
 * on {@code sentIn}).
 */
record Manifest(Path file, int document, JsonNode tree, ApiVersion sentIn) {

  Manifest(Path file, int document, JsonNode tree) {
    this(file, document, tree, ApiVersion.V1ALPHA1);
  }

  String apiVersion() {
    return text("apiVersion");
  }

  String kind() {
    return text("kind");
  }

  String name() {
    JsonNode metadata = tree.path("metadata");
    String name = metadata.path("name").asString("");
    return name.isEmpty() ? metadata.path("generateName").asString("") : name;
  }

  String namespace() {
    return tree.path("metadata").path("namespace").asString("");
  }

  /** {@code Kind/name}, as kubectl names objects. */
  String ref() {
    String kind = kind().isEmpty() ? "<no kind>" : kind();
    String name = name().isEmpty() ? "<no name>" : name();
    return kind + "/" + name;
  }

  private String text(String field) {
    JsonNode n = tree.path(field);
    return n.isString() ? n.stringValue() : "";
  }
}
