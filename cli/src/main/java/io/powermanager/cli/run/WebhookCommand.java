package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.domain.rules.ImageAllowList;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.WebhookConfig;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

  @Option(
      names = "--agent-image-allow-list",
      split = ",",
      description =
          "Repositories a PowerConfig's spec.powerImage may name, comma-separated, matched as"
              + " prefixes at a path boundary (any tag or digest); none: spec.powerImage must be"
              + " omitted.")
  List<String> agentImageAllowList = List.of();

  @Spec CommandSpec spec;

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
                    Optional.ofNullable(schedulerName).filter(s -> !s.isBlank()),
                    allowList()));
    KubernetesClient client = kube.client();
    WebhookServer server = WebhookServer.start(config, client, new PrometheusRegistry());
    return Daemon.runUntilShutdown(
        "webhook",
        () -> {
          server.close();
          client.close();
        });
  }

  private ImageAllowList allowList() {
    try {
      return new ImageAllowList(agentImageAllowList.stream().filter(s -> !s.isBlank()).toList());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--agent-image-allow-list: " + e.getMessage());
    }
  }
}
