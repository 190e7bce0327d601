package io.powermanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's CRDs are generated output: they must equal, byte for byte, what the build generated
 * from the classes.
 */
class CrdFilesTest {

  private static final String HOW_TO_FIX =
      "charts/power-manager/crds/ is generated output and is stale. Regenerate it with"
          + " './mvnw -B -q -pl api -am verify -Dcrds.update' (it copies"
          + " api/target/classes/META-INF/fabric8/*.yml to charts/power-manager/crds/; delete by"
          + " hand any file there that is no longer generated), then commit.";

  private static final Path GENERATED =
      Path.of(System.getProperty("crds.generated.dir", "target/classes/META-INF/fabric8"));
  private static final Path CHART =
      Path.of(System.getProperty("crds.chart.dir", "../charts/power-manager/crds"));

  @Test
  void chartHoldsExactlyTheGeneratedCrdFiles() throws IOException {
    // When
    List<String> generated = yamlFileNames(GENERATED);
    List<String> committed = yamlFileNames(CHART);

    // Then
    assertThat(generated)
        .as("CRD files generated in %s", GENERATED)
        .hasSize(PowerResources.kinds().size());
    assertThat(committed).as(HOW_TO_FIX).containsExactlyElementsOf(generated);
  }

  static Stream<Class<? extends CustomResource<?, ?>>> kinds() {
    return PowerResources.kinds().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void chartCrdEqualsGeneratedCrd(Class<? extends CustomResource<?, ?>> kind) throws IOException {
    // Given
    String name = Path.of(PowerResources.crdPath(kind)).getFileName().toString();
    Path generated = GENERATED.resolve(name);
    Path committed = CHART.resolve(name);

    // When
    String committedText = Files.exists(committed) ? Files.readString(committed) : "<missing>";

    // Then
    assertThat(committedText)
        .as("%s: %s", committed, HOW_TO_FIX)
        .isEqualTo(Files.readString(generated));
  }

  private static List<String> yamlFileNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yml") || f.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
