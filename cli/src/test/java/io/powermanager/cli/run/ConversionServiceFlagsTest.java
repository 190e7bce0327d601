package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.cli.PowerManagerCommand;
import io.powermanager.manager.ManagerConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code manager --conversion-*}: where the converted CRDs are pointed, and by whom the CA. */
class ConversionServiceFlagsTest {

  private static ManagerConfig parse(String... args) {
    String[] withCommand = new String[args.length + 1];
    withCommand[0] = "manager";
    System.arraycopy(args, 0, withCommand, 1, args.length);
    CommandLine.ParseResult parsed = PowerManagerCommand.commandLine().parseArgs(withCommand);
    ManagerCommand command = (ManagerCommand) parsed.subcommand().commandSpec().userObject();
    return command.config();
  }

  @Test
  void namesTheConversionServiceAndItsPort() {
    ManagerConfig config =
        parse("--conversion-service", "pm-conversion", "--conversion-service-port", "8443");

    assertThat(config.conversion())
        .contains(new ManagerConfig.Conversion("pm-conversion", 8443, Optional.empty()));
  }

  @Test
  void takesCertManagersCertificateInFilesMode() {
    ManagerConfig config =
        parse(
            "--cert-mode",
            "files",
            "--conversion-service",
            "pm-conversion",
            "--conversion-inject-ca-from",
            "intel-power/pm-serving");

    assertThat(config.conversion().orElseThrow().injectCaFrom()).contains("intel-power/pm-serving");
    assertThat(config.selfCertificates()).isEmpty();
  }

  @Test
  void refusesInjectCaFromWithSelfManagedCertificates() {
    assertThatThrownBy(
            () ->
                parse(
                    "--conversion-service",
                    "pm-conversion",
                    "--conversion-inject-ca-from",
                    "intel-power/pm-serving"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--cert-mode=files");
  }

  @Test
  void leavesTheCrdsToTheWebhookServiceWithoutTheFlag() {
    assertThat(parse().conversion()).isEmpty();
  }
}
