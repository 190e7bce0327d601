package io.powermanager.cli;

import io.powermanager.cli.run.AgentCommand;
import io.powermanager.cli.run.BenchCommand;
import io.powermanager.cli.run.ExtenderCommand;
import io.powermanager.cli.run.ManagerCommand;
import io.powermanager.cli.run.ReconcilerCommand;
import io.powermanager.cli.run.SimulateCommand;
import io.powermanager.cli.run.UninstallCommand;
import io.powermanager.cli.run.WebhookCommand;
import io.powermanager.cli.validate.ConvertCommand;
import io.powermanager.cli.validate.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher's root: every component runs as a subcommand of one jar and one image. */
@Command(
    name = "power-manager",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Kubernetes CPU power profiles: webhook, scheduler extender, reconcilers, agent.",
    subcommands = {
      SimulateCommand.class,
      ManagerCommand.class,
      AgentCommand.class,
      WebhookCommand.class,
      ExtenderCommand.class,
      ReconcilerCommand.class,
      UninstallCommand.class,
      CertsCommand.class,
      ValidateCommand.class,
      ConvertCommand.class,
      BenchCommand.class
    })
public final class PowerManagerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line, as {@link Main} runs it (tests run it the same way). */
  public static CommandLine commandLine() {
    return new CommandLine(new PowerManagerCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
