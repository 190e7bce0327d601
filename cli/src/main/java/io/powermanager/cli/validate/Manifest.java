package io.powermanager.cli.validate;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** One object read from a manifest file: where it came from and its JSON tree. */
record Manifest(Path file, int document, JsonNode tree) {

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
