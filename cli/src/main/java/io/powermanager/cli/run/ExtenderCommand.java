package io.powermanager.cli.run;

import io.powermanager.domain.rules.ImageAllowList;
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
import picocli.CommandLine.Option;

/** {@code power-manager extender}: the manager's composition with the scheduler extender alone. */
@Command(
    name = "extender",
    mixinStandardHelpOptions = true,
    description =
        "Run only the scheduler extender (POST /filter, /prioritize); HTTPS with --cert-dir, else HTTP.")
public final class ExtenderCommand implements Callable<Integer> {

  @Mixin KubeOptions kube;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--cert-dir",
      description =
          "Directory with tls.crt and tls.key; without it the extender serves plain HTTP.")
  Path certDir;

  @Option(
      names = "--policy",
      defaultValue = "spread",
      description = "spread or binpack (default: ${DEFAULT-VALUE}).")
  ScorePolicy policy;

  @Option(
      names = {"--client-ca", "--extender-client-ca"},
      description =
          "PEM file of the CA that signs kube-scheduler's client certificate: callers without"
              + " one are refused (needs --cert-dir; default: no client certificates).")
  Path clientCa;

  @Override
  public Integer call() {
    kube.applyLogLevel();
    return ManagerCommand.run("extender", kube, config());
  }

  ManagerConfig config() {
    return new ManagerConfig(
        Set.of(Component.EXTENDER),
        kube.powerNamespace(),
        host,
        port,
        OptionalInt.empty(),
        Optional.ofNullable(certDir),
        Optional.empty(),
        Optional.empty(),
        policy,
        ExtenderConfig.DEFAULT_MAX_REQUEST_BYTES,
        Optional.ofNullable(clientCa),
        ImageAllowList.none(),
        Optional.empty());
  }
}
