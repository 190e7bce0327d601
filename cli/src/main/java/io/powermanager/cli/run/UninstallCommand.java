package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.cli.DurationConverter;
import io.powermanager.manager.Uninstall;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code power-manager uninstall}: the chart's pre-delete hook. */
@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    description = {
      "Remove power-manager from the cluster without leaving a tuned CPU: delete the PowerConfig,"
          + " wait for every agent to restore its CPUs and stop, withdraw the extended resources,"
          + " delete the PowerNodes.",
      "Exit status 1 when agents were still running at the timeout."
    })
public final class UninstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "How long to wait for the agents (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    kube.applyLogLevel();
    try (KubernetesClient client = kube.client()) {
      Uninstall.Outcome outcome =
          new Uninstall(client, kube.powerNamespace(), Clock.systemUTC()).run(timeout);
      var out = spec.commandLine().getOut();
      out.println("deleted PowerConfig " + outcome.deletedConfigs());
      out.println(
          "withdrew power resources from "
              + outcome.nodesCleaned().size()
              + " nodes, deleted "
              + outcome.powerNodesDeleted()
              + " PowerNodes");
      if (!outcome.complete()) {
        out.println(
            "error: "
                + outcome.agentPodsAtDeadline()
                + " agent pods still running after "
                + timeout
                + "; their CPUs may still be tuned");
      }
      out.flush();
      return outcome.complete() ? 0 : 1;
    }
  }
}
