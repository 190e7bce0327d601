package io.powermanager.cli.run;

import io.powermanager.domain.rules.ImageAllowList;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.manager.ManagerConfig;
import io.powermanager.manager.ManagerConfig.Component;
import io.powermanager.reconciler.ReconcilerConfig;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code power-manager reconciler}: the manager's composition with the reconcilers alone. */
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
    return ManagerCommand.run(
        "reconciler",
        kube,
        new ManagerConfig(
            Set.of(Component.RECONCILER),
            kube.powerNamespace(),
            "0.0.0.0",
            0,
            OptionalInt.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ScorePolicy.SPREAD,
            ExtenderConfig.DEFAULT_MAX_REQUEST_BYTES,
            Optional.empty(),
            ImageAllowList.none(),
            Optional.of(config)));
  }
}
