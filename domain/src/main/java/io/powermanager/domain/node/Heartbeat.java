package io.powermanager.domain.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a node's power agent counts as alive. The agent stamps {@code status.heartbeat} on its
 * PowerNode every {@link #INTERVAL}; after {@link #STALE_AFTER} without one, reconcilers withdraw
 * the node's profile capacity and the scheduler extender stops placing power pods there.
 */
public final class Heartbeat {

  /** How often an agent refreshes its heartbeat. */
  public static final Duration INTERVAL = Duration.ofSeconds(30);

  /** How long a heartbeat stays fresh: three missed intervals. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(90);

  private Heartbeat() {}

  /** The state of an agent judged at {@code now}. */
  public sealed interface State {}

  /** No heartbeat was ever written: no agent runs on the node. */
  public record Missing() implements State {}

  /** The agent wrote within {@link #STALE_AFTER}. */
  public record Fresh(Duration age) implements State {}

  /** The agent has been silent for {@code silence}. */
  public record Stale(Duration silence) implements State {}

  public static State judge(Optional<Instant> lastBeat, Instant now) {
    if (lastBeat.isEmpty()) {
      return new Missing();
    }
    Duration age = Duration.between(lastBeat.get(), now);
    if (age.isNegative()) {
      age = Duration.ZERO; // a clock skewed ahead of ours still counts as alive
    }
    return age.compareTo(STALE_AFTER) <= 0 ? new Fresh(age) : new Stale(age);
  }

  public static boolean isFresh(Optional<Instant> lastBeat, Instant now) {
    return judge(lastBeat, now) instanceof Fresh;
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}: how long, for a person. */
  public static String humanize(Duration d) {
    long s = d.getSeconds();
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return (s / 60) + "m";
    }
    return (s / 3600) + "h";
  }
}
