package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.WebhookConfig;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code power-manager webhook}: the admission webhook alone. */
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

  @Override
  public Integer call() {
    kube.applyLogLevel();
    WebhookConfig config =
        WebhookConfig.of(kube.powerNamespace(), Optional.of(certDir))
            .withHost(host)
            .withPort(port)
            .withAdmission(
                new AdmissionSettings(
                    kube.powerNamespace(),
                    Optional.ofNullable(schedulerName).filter(s -> !s.isBlank())));
    KubernetesClient client = kube.client();
    WebhookServer server = WebhookServer.start(config, client, new PrometheusRegistry());
    return Daemon.runUntilShutdown(
        "webhook",
        () -> {
          server.close();
          client.close();
        });
  }
}
