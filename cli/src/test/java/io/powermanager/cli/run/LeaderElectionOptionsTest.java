package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.reconciler.election.LeaderElectionSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class LeaderElectionOptionsTest {

  @Command(name = "test")
  static final class WithOptions {
    @Mixin LeaderElectionOptions election;
  }

  private static LeaderElectionOptions parse(String... args) {
    WithOptions command = new WithOptions();
    new CommandLine(command).parseArgs(args);
    return command.election;
  }

  @Test
  void electsOnTheNamedLeaseAsThePodWithARandomSuffix() {
    // When
    LeaderElectionSettings s =
        parse("--leader-election-id", "my-lease", "--pod-name", "manager-7f9c").settings("manager");

    // Then
    assertThat(s.enabled()).isTrue();
    assertThat(s.leaseName()).isEqualTo("my-lease");
    assertThat(s.identity()).matches("manager-7f9c-[0-9a-f]{8}");
  }

  @Test
  void fallsBackToTheCommandsNameWithoutAPodName() {
    // When
    LeaderElectionSettings s = parse("--pod-name", "").settings("reconciler");

    // Then
    assertThat(s.leaseName()).isEqualTo(LeaderElectionSettings.DEFAULT_LEASE_NAME);
    assertThat(s.identity()).matches("reconciler-[0-9a-f]{8}");
  }

  @Test
  void electsNothingWhenTurnedOff() {
    // When
    LeaderElectionSettings s = parse("--leader-elect", "false").settings("manager");

    // Then
    assertThat(s.enabled()).isFalse();
  }
}
