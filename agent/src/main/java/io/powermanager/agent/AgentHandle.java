package io.powermanager.agent;

import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.agent.kube.KubeCaches;
import io.powermanager.agent.kube.PowerObjects;
import io.powermanager.agent.node.NodeLoop;
import io.powermanager.agent.node.NodeReport;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A running node agent. {@link #close()} stops it and puts every CPU back to its snapshot (SIGTERM
 * semantics); {@link #halt()} stops it WITHOUT restoring anything, as {@code kill -9} would (for
 * tests and the simulator). Both are idempotent; thread-safe.
 */
public final class AgentHandle implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(AgentHandle.class);

  private final AgentConfig config;
  private final SysfsPort sysfs;
  private final SnapshotStore snapshots;
  private final HardwareFacts hardware;
  private final KubeCaches caches;
  private final NodeLoop loop;
  private final PowerObjects objects;
  private final AutoCloseable owned;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile Tuner.RestoreResult restored;

  AgentHandle(
      AgentConfig config,
      SysfsPort sysfs,
      SnapshotStore snapshots,
      HardwareFacts hardware,
      KubeCaches caches,
      NodeLoop loop,
      PowerObjects objects,
      AutoCloseable owned) {
    this.config = config;
    this.sysfs = sysfs;
    this.snapshots = snapshots;
    this.hardware = hardware;
    this.caches = caches;
    this.loop = loop;
    this.objects = objects;
    this.owned = owned;
  }

  public AgentConfig config() {
    return config;
  }

  /** What discovery found at start. */
  public HardwareFacts hardware() {
    return hardware;
  }

  /** Whether every informer of the agent runs and has synced (false for good once one stopped). */
  public boolean healthy() {
    return caches.healthy();
  }

  /** Schedules a recompute now (as an event would). */
  public void trigger() {
    loop.trigger();
  }

  /** Runs one recompute on the loop thread; completes with its result. */
  public CompletableFuture<NodeLoop.Result> recompute() {
    return loop.recompute();
  }

  /** The latest successful recompute. */
  public Optional<NodeLoop.Result> lastResult() {
    return loop.lastResult();
  }

  /** What {@link #close()} restored, once closed. */
  public Optional<Tuner.RestoreResult> restored() {
    return Optional.ofNullable(restored);
  }

  /** Registers a JVM shutdown hook (SIGTERM) that closes this agent. */
  public void closeOnShutdown() {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(this::close, "power-agent-shutdown-" + config.nodeName()));
  }

  /** Stops the loop and the informers, restores every snapshotted CPU and clears the snapshot. */
  @Override
  public void close() {
    close(NodeLoop.STOP_WAIT);
  }

  /**
   * {@link #close()}, letting a running recompute finish for at most {@code loopWait} before it is
   * interrupted; the snapshot is restored only once the loop can no longer write a CPU.
   */
  public void close(Duration loopWait) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    loop.close(loopWait);
    caches.close();
    ConditionSpec stoppedCondition;
    try {
      restored = Tuner.restore(sysfs, snapshots);
      stoppedCondition = NodeReport.stopped(restored);
      LOGGER
          .atLevel(restored.complete() ? Level.INFO : Level.ERROR)
          .addKeyValue(LogKeys.NODE, config.nodeName())
          .log(
              "agent stopped; {}{}",
              restored,
              restored.complete() ? "" : "; run power-manager agent --restore");
    } catch (IOException | RuntimeException e) {
      stoppedCondition = NodeReport.stoppedUnrestored(e.getMessage());
      LOGGER
          .atError()
          .addKeyValue(LogKeys.NODE, config.nodeName())
          .setCause(e)
          .log("CPUs not restored; run power-manager agent --restore");
    }
    try {
      objects.markStopped(stoppedCondition);
    } catch (RuntimeException e) {
      LOGGER.atDebug().setCause(e).log("PowerNode not marked stopped");
    }
    closeOwned();
  }

  /** Stops the loop and the informers without restoring anything, like {@code kill -9}. */
  public void halt() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    loop.close();
    caches.close();
    closeOwned();
  }

  private void closeOwned() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOGGER.atDebug().setCause(e).log("kubelet client not closed");
      }
    }
  }
}
