package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.reconciler.election.LeaderElectionSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.UUID;
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

  @Option(
      names = "--leader-elect",
      defaultValue = "true",
      arity = "1",
      description = "Elect one reconciling replica (default: ${DEFAULT-VALUE}).")
  boolean leaderElect;

  @Option(
      names = "--leader-election-id",
      defaultValue = LeaderElectionSettings.DEFAULT_LEASE_NAME,
      description = "Lease name (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--pod-name",
      defaultValue = "${env:POD_NAME:-reconciler}",
      description = "Leader identity prefix (default: $POD_NAME).")
  String podName;

  @Override
  public Integer call() {
    kube.applyLogLevel();
    LeaderElectionSettings election =
        leaderElect
            ? ManagerCommand.withLease(
                LeaderElectionSettings.enabled(
                    podName + "-" + UUID.randomUUID().toString().substring(0, 8)),
                leaseName)
            : LeaderElectionSettings.disabled();
    ReconcilerConfig config =
        ReconcilerConfig.defaults(kube.powerNamespace(), agentImage).withLeaderElection(election);
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
