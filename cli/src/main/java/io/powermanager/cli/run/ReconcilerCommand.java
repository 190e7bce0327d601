package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.reconciler.Reconcilers;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code power-manager reconciler}: the cluster-level controllers alone. */
@Command(
    name = "reconciler",
    mixinStandardHelpOptions = true,
    description = "Run only the reconcilers (PowerConfig, extended profiles, node capacity).")
public final class ReconcilerCommand implements Callable<Integer> {

  @Mixin KubeOptions kube;

  @Option(
      names = "--agent-image",
      defaultValue = "ghcr.io/power-manager/power-manager:0.1.0",
      description = "Default agent image (default: ${DEFAULT-VALUE}).")
  String agentImage;

  @Mixin LeaderElectionOptions election;

  @Override
  public Integer call() {
    kube.applyLogLevel();
    ReconcilerConfig config =
        ReconcilerConfig.defaults(kube.powerNamespace(), agentImage)
            .withLeaderElection(election.settings("reconciler"));
    KubernetesClient client = kube.client();
    Reconcilers reconcilers =
        Reconcilers.start(config, client, new PrometheusRegistry(), Clock.systemUTC());
    return Daemon.runUntilShutdown(
        "reconciler",
        () -> {
          reconcilers.close();
          client.close();
        });
  }
}
