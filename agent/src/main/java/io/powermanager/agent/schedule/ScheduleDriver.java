package io.powermanager.agent.schedule;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.LogKeys;
import io.powermanager.agent.kube.KubeCaches;
import io.powermanager.agent.kube.PodEvent;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.domain.power.HardwareRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ScheduleLayer} inside the node loop: computes the layer for each recompute, arms one
 * timer to the next transition (a resync covers clock jumps and suspend), and emits a pod Event at
 * each retune and at its end. Not thread-safe: used from the node loop's one thread only.
 */
public final class ScheduleDriver {

  private static final Logger LOGGER = LoggerFactory.getLogger(ScheduleDriver.class);

  /** Extra delay after a transition instant, so the recompute it wakes sees the new entry. */
  private static final Duration AFTER_TRANSITION = Duration.ofMillis(5);

  private final String node;
  private final Clock clock;
  private final Function<Duration, Future<?>> timer;
  private Map<String, ScheduleLayer.Retune> lastRetunes = Map.of();
  private Optional<Instant> armedFor = Optional.empty();
  private Future<?> armed;

  /**
   * @param timer schedules one recompute after a real-time delay
   */
  public ScheduleDriver(String node, Clock clock, Function<Duration, Future<?>> timer) {
    this.node = node;
    this.clock = clock;
    this.timer = timer;
  }

  /**
   * The layer for this recompute, read from the caches at the clock's instant. A schedule the layer
   * cannot be computed from is logged and left out: it never stops the node from converging.
   */
  public ScheduleLayer.Applied layer(
      NodeModel model, KubeCaches caches, List<Pod> pods, Optional<HardwareRange> range) {
    try {
      return compute(model, caches, pods, range);
    } catch (RuntimeException e) {
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.NODE, node)
          .setCause(e)
          .log("schedule layer not computed; the node runs without it");
      return ScheduleLayer.Applied.none(model);
    }
  }

  private ScheduleLayer.Applied compute(
      NodeModel model, KubeCaches caches, List<Pod> pods, Optional<HardwareRange> range) {
    return ScheduleLayer.apply(
        new ScheduleLayer.Inputs(
            node,
            caches.nodeLabels(),
            caches.schedules(),
            caches.timeOfDays(),
            clock.instant(),
            model,
            pods,
            caches.profiles(),
            range));
  }

  /** After the CPUs were written: Events for retunes begun or ended, and the timer re-armed. */
  public void after(ScheduleLayer.Applied applied, Consumer<PodEvent> events) {
    Map<String, ScheduleLayer.Retune> now = applied.retunes();
    String by =
        applied
            .status()
            .map(
                s ->
                    " by "
                        + s.getKind()
                        + " "
                        + s.getNamespace()
                        + "/"
                        + s.getName()
                        + " "
                        + s.getActiveEntry())
            .orElse("");
    now.forEach(
        (key, r) -> {
          if (!r.equals(lastRetunes.get(key))) {
            events.accept(
                new PodEvent(
                    r.pod(),
                    false,
                    PodEvent.RETUNED,
                    "container "
                        + r.container()
                        + ": CPUs "
                        + r.cpus()
                        + " run "
                        + r.to()
                        + " instead of "
                        + r.from()
                        + by
                        + " (accounting stays on "
                        + r.from()
                        + ")"));
          }
        });
    lastRetunes.forEach(
        (key, r) -> {
          if (!now.containsKey(key)) {
            events.accept(
                new PodEvent(
                    r.pod(),
                    false,
                    PodEvent.RETUNED,
                    "container "
                        + r.container()
                        + ": CPUs "
                        + r.cpus()
                        + " back to "
                        + r.from()
                        + " (the schedule's retune ended)"));
          }
        });
    lastRetunes = new HashMap<>(now);
    arm(applied.nextAt());
  }

  private void arm(Optional<Instant> next) {
    if (next.equals(armedFor) && armed != null && !armed.isDone()) {
      return;
    }
    if (armed != null) {
      armed.cancel(false);
      armed = null;
    }
    armedFor = next;
    if (next.isEmpty()) {
      return;
    }
    Duration virtual = Duration.between(clock.instant(), next.get());
    Duration real = clock instanceof ScaledClock scaled ? scaled.realDelay(virtual) : virtual;
    armed = timer.apply(real.isNegative() ? AFTER_TRANSITION : real.plus(AFTER_TRANSITION));
  }

  /** Cancels the timer. */
  public void close() {
    if (armed != null) {
      armed.cancel(false);
    }
  }
}
