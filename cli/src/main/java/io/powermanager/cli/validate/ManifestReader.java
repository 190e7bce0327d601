package io.powermanager.cli.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests as kubectl does: YAML (several documents per file) or JSON, a file or
 * a directory of {@code .yaml}/{@code .yml}/{@code .json} files (sorted; subdirectories only with
 * {@code recursive}), {@code kind: List} expanded into its items. Empty documents are skipped.
 */
final class ManifestReader {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private ManifestReader() {}

  static List<Manifest> read(List<Path> inputs, boolean recursive) throws UnreadableInputException {
    List<Manifest> out = new ArrayList<>();
    for (Path input : inputs) {
      for (Path file : files(input, recursive)) {
        readFile(file, out);
      }
    }
    return out;
  }

  private static List<Path> files(Path input, boolean recursive) throws UnreadableInputException {
    if (!Files.exists(input)) {
      throw new UnreadableInputException(input + ": no such file or directory");
    }
    if (!Files.isDirectory(input)) {
      return List.of(input);
    }
    try (Stream<Path> walk = recursive ? Files.walk(input) : Files.list(input)) {
      return walk.filter(Files::isRegularFile).filter(ManifestReader::isManifest).sorted().toList();
    } catch (IOException e) {
      throw new UnreadableInputException(input + ": cannot list directory: " + e.getMessage(), e);
    }
  }

  private static boolean isManifest(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static void readFile(Path file, List<Manifest> out) throws UnreadableInputException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UnreadableInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    int document = 0;
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (docs.hasNextValue()) {
        JsonNode tree = docs.nextValue();
        document++;
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
          continue;
        }
        if (!tree.isObject()) {
          throw new UnreadableInputException(
              file
                  + ": document "
                  + document
                  + " is not an object (found "
                  + tree.getNodeType()
                  + ")");
        }
        if ("List".equals(tree.path("kind").asString("")) && tree.path("items").isArray()) {
          for (JsonNode item : tree.path("items")) {
            out.add(new Manifest(file, document, item));
          }
        } else {
          out.add(new Manifest(file, document, tree));
        }
      }
    } catch (JacksonException e) {
      throw new UnreadableInputException(
          file
              + ": not valid YAML or JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""),
          e);
    }
  }
}
