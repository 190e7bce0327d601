package io.powermanager.reconciler;

import io.powermanager.api.FieldManagers;
import io.powermanager.api.kube.Backoff;
import io.powermanager.reconciler.election.LeaderElectionSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the reconcilers are configured with; built once by the composition root from flags.
 *
 * @param powerNamespace the one namespace holding every power object (and the agent DaemonSet, its
 *     Events and the leader Lease)
 * @param agentImage the node agent image used when the PowerConfig names none, or names the seed's
 *     App QoS image ({@code appqos:*}), which power-manager does not use
 * @param agent how the agent DaemonSet runs (service account, resources, grace period)
 * @param workers worker threads per node-scoped controller (extended profiles, node capacity); the
 *     PowerConfig controller always has one
 * @param resyncPeriod how often every cached key is reconciled again, events or not
 * @param backoff retry delays of a failing key
 * @param leaderElection whether and how replicas elect the one that reconciles
 * @param informerSyncTimeout how long start-up waits for the informer caches to fill
 */
public record ReconcilerConfig(
    String powerNamespace,
    String agentImage,
    AgentSettings agent,
    int workers,
    Duration resyncPeriod,
    Backoff backoff,
    LeaderElectionSettings leaderElection,
    Duration informerSyncTimeout) {

  public ReconcilerConfig {
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(agentImage, "agentImage");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(resyncPeriod, "resyncPeriod");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(informerSyncTimeout, "informerSyncTimeout");
    if (powerNamespace.isBlank()) {
      throw new IllegalArgumentException("powerNamespace must not be blank");
    }
    if (agentImage.isBlank()) {
      throw new IllegalArgumentException("agentImage must not be blank");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (resyncPeriod.isNegative() || resyncPeriod.isZero()) {
      throw new IllegalArgumentException("resyncPeriod must be positive, got " + resyncPeriod);
    }
  }

  /**
   * Defaults for one namespace and agent image: 4 workers, resync every 10 minutes, default
   * backoff, leader election off (see {@link #withLeaderElection}), 2 minutes to sync caches.
   */
  public static ReconcilerConfig defaults(String powerNamespace, String agentImage) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        AgentSettings.DEFAULT,
        4,
        Duration.ofMinutes(10),
        Backoff.DEFAULT,
        LeaderElectionSettings.disabled(),
        Duration.ofMinutes(2));
  }

  public ReconcilerConfig withLeaderElection(LeaderElectionSettings settings) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        agent,
        workers,
        resyncPeriod,
        backoff,
        settings,
        informerSyncTimeout);
  }

  public ReconcilerConfig withWorkers(int count) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        agent,
        count,
        resyncPeriod,
        backoff,
        leaderElection,
        informerSyncTimeout);
  }

  public ReconcilerConfig withResyncPeriod(Duration period) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        agent,
        workers,
        period,
        backoff,
        leaderElection,
        informerSyncTimeout);
  }

  public ReconcilerConfig withBackoff(Backoff retries) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        agent,
        workers,
        resyncPeriod,
        retries,
        leaderElection,
        informerSyncTimeout);
  }

  public ReconcilerConfig withAgent(AgentSettings settings) {
    return new ReconcilerConfig(
        powerNamespace,
        agentImage,
        settings,
        workers,
        resyncPeriod,
        backoff,
        leaderElection,
        informerSyncTimeout);
  }

  /**
   * Who this process's Events name as their reporting instance: the leader-election identity, or
   * the reconcilers' field manager when there is no election.
   */
  public String eventInstance() {
    return leaderElection.enabled() ? leaderElection.identity() : FieldManagers.RECONCILER;
  }
}
