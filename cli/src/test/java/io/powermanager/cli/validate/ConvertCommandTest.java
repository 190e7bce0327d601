package io.powermanager.cli.validate;

import static io.powermanager.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code power-manager convert}: manifests rewritten in the other version, and back. */
class ConvertCommandTest {

  @Test
  void rewritesTheSeedsSharedWorkloadAsV1AndBack(@TempDir Path dir) throws Exception {
    // Given: the seed's example (v1alpha1) beside a Pod, which is left as it is
    Path seed = Path.of("../examples/example-shared-workload.yaml");

    // When
    CliRun v1 = run("convert", "--to", "v1", "-f", seed.toString());
    Path converted = dir.resolve("v1.yaml");
    Files.writeString(converted, v1.out());
    CliRun back = run("convert", "--to", "v1alpha1", "-f", converted.toString());

    // Then
    assertThat(v1.exit()).isZero();
    assertThat(v1.out())
        .contains("apiVersion: \"power.intel.com/v1\"")
        .contains("reservedCPUs:\n  - cores:\n    - 0\n    - 1")
        .doesNotContain("conversion-data");
    assertThat(back.exit()).isZero();
    assertThat(back.out()).contains("reservedCPUs:\n  - 0\n  - 1");
  }

  @Test
  void refusesAnUnknownTargetVersion() {
    // When
    CliRun run = run("convert", "--to", "v2", "-f", "../examples");

    // Then
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--to must be v1 or v1alpha1, not v2");
  }
}
