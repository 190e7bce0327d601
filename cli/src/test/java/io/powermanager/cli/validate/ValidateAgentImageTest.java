package io.powermanager.cli.validate;

import static io.powermanager.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --agent-image-allow-list}: the webhook's rule for spec.powerImage, offline. */
class ValidateAgentImageTest {

  private static Path config(Path dir, String image) throws IOException {
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerConfig
        metadata: {name: power-config}
        spec:
          powerImage: "%s"
          powerNodeSelector: {power: "true"}
          powerProfiles: [performance]
        """
            .formatted(image));
  }

  @Test
  void deniesAnImageOutsideTheListNamingTheList(@TempDir Path dir) throws IOException {
    // Given
    Path file = config(dir, "evil/x:1");

    // When
    CliRun run =
        run(
            "validate",
            "-f",
            file.toString(),
            "--agent-image-allow-list",
            "ghcr.io/power-manager/power-manager");

    // Then
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            file
                + ": PowerConfig/power-config: spec.powerImage: \"evil/x:1\" is not allowed;"
                + " allowed: ghcr.io/power-manager/power-manager (any tag or digest)");
  }

  @Test
  void admitsAListedImageAndAnyImageWithoutTheFlag(@TempDir Path dir) throws IOException {
    // Given
    Path file = config(dir, "ghcr.io/power-manager/power-manager:0.2.0");

    // When
    CliRun listed =
        run(
            "validate",
            "-f",
            file.toString(),
            "--agent-image-allow-list",
            "mirror.example/pm,ghcr.io/power-manager/power-manager");
    CliRun unchecked = run("validate", "-f", config(dir, "evil/x:1").toString());

    // Then
    assertThat(listed.exit()).isZero();
    assertThat(unchecked.exit()).isZero();
  }

  @Test
  void refusesAnEntryThatIsNoRepository(@TempDir Path dir) throws IOException {
    // When
    CliRun run =
        run(
            "validate",
            "-f",
            config(dir, "evil/x:1").toString(),
            "--agent-image-allow-list",
            "ghcr.io/pm:1");

    // Then
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--agent-image-allow-list").contains("ghcr.io/pm:1");
  }
}
