package io.powermanager.reconciler.election;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease.
 *
 * @param enabled false runs the controllers at once (a single replica, tests, the benchmark)
 * @param leaseName the Lease's name in the power namespace
 * @param identity this replica's identity (pod name plus a random suffix, so a restarted pod never
 *     mistakes the old holder for itself)
 * @param leaseDuration how long a lease holds without renewal before others may take it (15 s)
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading (10 s)
 * @param retryPeriod how often candidates try and leaders renew (2 s)
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static final String DEFAULT_LEASE_NAME = "power-manager-reconciler";

  public LeaderElectionSettings {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (enabled && identity.isBlank()) {
      throw new IllegalArgumentException("leader election needs an identity");
    }
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "renewDeadline "
              + renewDeadline
              + " must be shorter than leaseDuration "
              + leaseDuration);
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "retryPeriod " + retryPeriod + " must be shorter than renewDeadline " + renewDeadline);
    }
  }

  /** Lease {@value #DEFAULT_LEASE_NAME}, 15 s / 10 s / 2 s. */
  public static LeaderElectionSettings enabled(String identity) {
    return new LeaderElectionSettings(
        true,
        DEFAULT_LEASE_NAME,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  public static LeaderElectionSettings disabled() {
    return new LeaderElectionSettings(
        false,
        DEFAULT_LEASE_NAME,
        "",
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  /**
   * An identity for this replica: {@code podName} plus 8 random hex digits, so that a pod that
   * restarts under the same name never takes the old holder's lease for its own.
   */
  public static String identity(String podName, java.util.random.RandomGenerator random) {
    return podName + "-" + String.format("%08x", random.nextInt());
  }

  public LeaderElectionSettings withLeaseName(String name) {
    return new LeaderElectionSettings(
        enabled, name, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  public LeaderElectionSettings withTimings(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionSettings(enabled, leaseName, identity, lease, renew, retry);
  }
}
