package io.powermanager.reconciler.election;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.powermanager.reconciler.LogKeys;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns for a Lease with fabric8's leader elector and runs {@code onStart} while this replica
 * leads and {@code onStop} when it stops leading. fabric8's elector ends for good once leadership
 * is lost, so a new campaign starts after every loss, for as long as this object is open. {@link
 * #close} runs {@code onStop} first (so no reconcile is in flight) and then releases the Lease, so
 * a successor takes over at once instead of waiting out the lease duration. Thread-safe.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(LeaderElection.class);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final LeaderElectionSettings settings;
  private final Runnable onStart;
  private final Runnable onStop;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final ScheduledExecutorService retries;
  private volatile boolean closed;
  private volatile CompletableFuture<?> campaign;

  public LeaderElection(
      KubernetesClient client,
      String namespace,
      LeaderElectionSettings settings,
      Runnable onStart,
      Runnable onStop) {
    Objects.requireNonNull(client, "client");
    this.client = electionClient(client, settings);
    this.ownsClient = this.client != client;
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.onStart = Objects.requireNonNull(onStart, "onStart");
    this.onStop = Objects.requireNonNull(onStop, "onStop");
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leader-election");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A client for the Lease calls only: no retries and a request timeout of half the renew deadline,
   * so a leader that cannot reach the API server notices within the renew deadline (fabric8 checks
   * the deadline only between calls, and a call that retries with backoff can block for minutes,
   * long after another replica has taken the lease).
   */
  private static KubernetesClient electionClient(
      KubernetesClient client, LeaderElectionSettings settings) {
    io.fabric8.kubernetes.client.Config base = client.getConfiguration();
    if (base == null) {
      return client;
    }
    int timeout = (int) Math.max(1, settings.renewDeadline().toMillis() / 2);
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(base)
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(timeout)
                .withConnectionTimeout(timeout)
                .build())
        .build();
  }

  /** Starts campaigning; returns at once. */
  public void start() {
    campaign();
  }

  public boolean isLeader() {
    return leading.get();
  }

  private synchronized void campaign() {
    if (closed) {
      return;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName(settings.leaseName())
            .withLock(new LeaseLock(namespace, settings.leaseName(), settings.identity()))
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.renewDeadline())
            .withRetryPeriod(settings.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
            .build();
    CompletableFuture<?> next = client.leaderElector().withConfig(config).build().start();
    campaign = next;
    next.whenComplete(
        (ok, failure) -> {
          stopped();
          if (!closed) {
            LOGGER
                .atInfo()
                .addKeyValue(LogKeys.IDENTITY, settings.identity())
                .log("leadership ended; campaigning again");
            retries.schedule(
                this::campaign, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  private void started() {
    if (closed || !leading.compareAndSet(false, true)) {
      return;
    }
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.IDENTITY, settings.identity())
        .log("leading: starting the reconcilers");
    onStart.run();
  }

  private void stopped() {
    if (!leading.compareAndSet(true, false)) {
      return;
    }
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.IDENTITY, settings.identity())
        .log("no longer leading: reconcilers stopped");
    onStop.run();
  }

  private void newLeader(String identity) {
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.IDENTITY, settings.identity())
        .addKeyValue(LogKeys.LEADER, identity)
        .log("leader changed");
  }

  /** Stops the reconcilers, releases the Lease if held, and stops campaigning. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopped();
    CompletableFuture<?> current = campaign;
    if (current != null) {
      current.cancel(true);
    }
    retries.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }
}
