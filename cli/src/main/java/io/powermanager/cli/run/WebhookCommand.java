package io.powermanager.cli.run;

import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.manager.ManagerConfig;
import io.powermanager.manager.ManagerConfig.Component;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code power-manager webhook}: the manager's composition with the admission webhook alone. */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = "Run only the admission webhook (POST /mutate, /validate) over HTTPS.")
public final class WebhookCommand implements Callable<Integer> {

  @Mixin KubeOptions kube;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "9443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--cert-dir",
      required = true,
      description = "Directory with tls.crt and tls.key (reloaded on change).")
  Path certDir;

  @Option(names = "--scheduler-name", description = "Scheduler for power pods that chose none.")
  String schedulerName;

  @Mixin AgentImageAllowListOption agentImages;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    kube.applyLogLevel();
    return ManagerCommand.run("webhook", kube, config());
  }

  ManagerConfig config() {
    return new ManagerConfig(
        Set.of(Component.WEBHOOK),
        kube.powerNamespace(),
        host,
        port,
        OptionalInt.empty(),
        Optional.of(certDir),
        Optional.empty(),
        Optional.ofNullable(schedulerName).filter(s -> !s.isBlank()),
        ScorePolicy.SPREAD,
        ExtenderConfig.DEFAULT_MAX_REQUEST_BYTES,
        Optional.empty(),
        agentImages.allowList(),
        Optional.empty());
  }
}
