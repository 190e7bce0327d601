package io.powermanager.api.convert.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.api.PowerApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Golden files: the seed's examples (Intel v1.0.2, v1alpha1, as {@code examples/} holds them) and
 * Intel v2.5.0's examples and objects (v1) convert to the other version exactly as {@code
 * src/test/resources/conversion/golden/} says, and back to what they were. Regenerate the golden
 * files with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenConversionTest {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Path GOLDEN = Path.of("src/test/resources/conversion/golden");

  static Stream<Path> examples() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir :
        List.of(Path.of("../examples"), Path.of("src/test/resources/conversion/intel-v2.5.0"))) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void convertsAsTheGoldenFileSaysAndBack(Path example) throws Exception {
    // Given
    List<JsonNode> objects = powerObjects(example);
    Path golden = GOLDEN.resolve(example.getParent().getFileName() + "--" + example.getFileName());

    // When
    List<JsonNode> converted = new ArrayList<>();
    List<JsonNode> back = new ArrayList<>();
    for (JsonNode object : objects) {
      String from = object.get("apiVersion").asString();
      JsonNode other = VersionConversion.convert(object, otherVersion(from));
      converted.add(other);
      back.add(VersionConversion.convert(other, from));
    }

    // Then
    if (Boolean.getBoolean("golden.update") && !objects.isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode c : converted) {
        text.append(YAML.writeValueAsString(c));
      }
      Files.writeString(golden, text.toString());
    }
    if (objects.isEmpty()) {
      return;
    }
    assertThat(converted).isEqualTo(readAll(golden));
    assertThat(back).isEqualTo(objects);
  }

  private static String otherVersion(String apiVersion) {
    return PowerApi.API_VERSION.equals(apiVersion)
        ? PowerApi.STORAGE_API_VERSION
        : PowerApi.API_VERSION;
  }

  private static List<JsonNode> powerObjects(Path file) throws IOException {
    return readAll(file).stream()
        .filter(o -> VersionConversion.KINDS.contains(o.path("kind").asString("")))
        .filter(o -> VersionConversion.isConvertible(o.path("apiVersion").asString("")))
        .toList();
  }

  private static List<JsonNode> readAll(Path file) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          all.add(n);
        }
      }
    }
    return all;
  }
}
