package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.extender.http.ExtenderServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code power-manager extender}: the kube-scheduler extender alone. */
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

  @Override
  public Integer call() {
    kube.applyLogLevel();
    ExtenderConfig config =
        ExtenderConfig.defaults(kube.powerNamespace())
            .withHost(host)
            .withPort(port)
            .withPolicy(policy);
    Optional<ReloadingServerTls> tls = Optional.ofNullable(certDir).map(ReloadingServerTls::start);
    KubernetesClient client = kube.client();
    ExtenderServer server =
        ExtenderServer.start(
            config,
            client,
            new PrometheusRegistry(),
            tls.map(ReloadingServerTls::sslContextFactory));
    return Daemon.runUntilShutdown(
        "extender",
        () -> {
          server.close();
          tls.ifPresent(ReloadingServerTls::close);
          client.close();
        });
  }
}
