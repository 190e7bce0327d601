package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmTest {

  @Test
  void failsRatherThanSkipsWhenNoHelmCanBeFound(@TempDir Path scratch) throws Exception {
    // Given
    Path emptyRepo = Files.createDirectories(scratch.resolve("repo"));
    Path emptyBin = Files.createDirectories(scratch.resolve("bin"));

    // When / Then
    assertThatThrownBy(() -> Helm.require(scratch, emptyRepo, emptyBin.toString()))
        .isExactlyInstanceOf(AssertionError.class)
        .hasMessageContaining("charts/fetch-helm.sh");
  }

  @Test
  void prefersTheBuildsHelmUnderToolsToOneOnThePath(@TempDir Path scratch) throws Exception {
    // Given
    Path tools = executable(scratch.resolve("repo/.tools/helm/helm"));
    Path bin = executable(scratch.resolve("bin/helm")).getParent();

    // When
    var found = Helm.locate(scratch.resolve("repo"), bin.toString());

    // Then
    assertThat(found).contains(tools);
  }

  private static Path executable(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    return file;
  }
}
