package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.reconciler.config.AgentJvmFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher script {@code ./power-manager} runs {@code agent} with the flags of {@code
 * cli/agent-jvm-flags}; they must be the DaemonSet's.
 */
class AgentJvmFlagsFileTest {

  private static final Path FILE = Path.of("agent-jvm-flags");

  private static List<String> line(String key) throws Exception {
    return Files.readAllLines(FILE).stream()
        .filter(l -> l.startsWith(key + ": "))
        .flatMap(l -> Arrays.stream(l.substring(key.length() + 2).trim().split("\\s+")))
        .toList();
  }

  @Test
  void commonFlagsAreTheAgentsFlagsForEveryRuntime() throws Exception {
    // When
    List<String> common = line("common");

    // Then
    assertThat(common).isEqualTo(AgentJvmFlags.forRuntime(17));
  }

  @Test
  void commonAndJava25FlagsAreTheDaemonSetsFlags() throws Exception {
    // When
    List<String> java25 = Stream.concat(line("common").stream(), line("java25").stream()).toList();

    // Then
    assertThat(java25).isEqualTo(AgentJvmFlags.forRuntime(25));
  }

  @Test
  void theLauncherReadsTheFileForTheAgent() throws Exception {
    // When
    String launcher = Files.readString(Path.of("..", "power-manager"));

    // Then
    assertThat(launcher)
        .contains("if [ \"${1:-}\" = \"agent\" ]; then")
        .contains("flags=\"$here/cli/agent-jvm-flags\"")
        .contains("sed -n 's/^common: //p' \"$flags\"")
        .contains("sed -n 's/^java25: //p' \"$flags\"");
  }
}
