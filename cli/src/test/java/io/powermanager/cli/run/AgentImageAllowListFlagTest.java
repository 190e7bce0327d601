package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.cli.PowerManagerCommand;
import io.powermanager.manager.ManagerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code manager --agent-image-allow-list}: the chart's allow-list reaches the reconciler. */
class AgentImageAllowListFlagTest {

  private static ManagerConfig parse(String... args) {
    String[] withCommand = new String[args.length + 1];
    withCommand[0] = "manager";
    System.arraycopy(args, 0, withCommand, 1, args.length);
    CommandLine.ParseResult parsed = PowerManagerCommand.commandLine().parseArgs(withCommand);
    ManagerCommand command = (ManagerCommand) parsed.subcommand().commandSpec().userObject();
    return command.config();
  }

  @Test
  void passesTheCommaSeparatedRepositoriesOn() {
    // When
    ManagerConfig config =
        parse("--agent-image-allow-list", "ghcr.io/power-manager/power-manager, mirror.example/pm");

    // Then
    assertThat(config.reconciler().orElseThrow().agent().allowedImages().repositories())
        .containsExactly("ghcr.io/power-manager/power-manager", "mirror.example/pm");
    assertThat(config.agentImages().repositories())
        .contains("ghcr.io/power-manager/power-manager", "mirror.example/pm");
  }

  @Test
  void isEmptyWithoutTheFlagSoOnlyTheDefaultImagesRepositoryIsAllowed() {
    // When
    ManagerConfig config = parse("--agent-image", "registry.example/pm:1");

    // Then
    assertThat(config.reconciler().orElseThrow().agent().allowedImages().isEmpty()).isTrue();
    assertThat(config.agentImages().repositories()).containsExactly("registry.example/pm");
  }

  @Test
  void refusesAnEntryWithATag() {
    assertThatThrownBy(() -> parse("--agent-image-allow-list", "ghcr.io/pm:1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("ghcr.io/pm:1");
  }
}
