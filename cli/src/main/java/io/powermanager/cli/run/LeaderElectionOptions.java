package io.powermanager.cli.run;

import io.powermanager.reconciler.election.LeaderElectionSettings;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;

/**
 * The leader-election flags of the commands that run the reconcilers ({@code manager}, {@code
 * reconciler}).
 */
public final class LeaderElectionOptions {

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
      defaultValue = "${env:POD_NAME:-}",
      description = "This replica's name, for the leader identity (default: $POD_NAME).")
  String podName;

  /**
   * The election these flags ask for: disabled, or on {@code --leader-election-id} with the
   * identity {@link LeaderElectionSettings#identity} of the pod name, or of {@code fallbackName}
   * when there is none.
   */
  LeaderElectionSettings settings(String fallbackName) {
    if (!leaderElect) {
      return LeaderElectionSettings.disabled();
    }
    String name = podName == null || podName.isBlank() ? fallbackName : podName;
    return LeaderElectionSettings.enabled(
            LeaderElectionSettings.identity(name, new SplittableRandom()))
        .withLeaseName(leaseName);
  }
}
