package io.powermanager.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A virtual clock for demos: it starts at {@code start} and runs {@code rate} times as fast as the
 * JVM's monotonic clock. Timers that wait for one of its instants divide the wait by {@code rate}
 * ({@link #realDelay}). Thread-safe.
 */
public final class ScaledClock extends Clock {

  private final Instant start;
  private final double rate;
  private final long originNanos;
  private final ZoneId zone;

  private ScaledClock(Instant start, double rate, long originNanos, ZoneId zone) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("the clock rate must be positive: " + rate);
    }
    this.start = Objects.requireNonNull(start, "start");
    this.rate = rate;
    this.originNanos = originNanos;
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** A clock at {@code start} now, running at {@code rate} × real time. */
  public static ScaledClock startingAt(Instant start, double rate) {
    return new ScaledClock(start, rate, System.nanoTime(), ZoneId.of("UTC"));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ScaledClock(start, rate, originNanos, zone);
  }

  @Override
  public Instant instant() {
    long elapsed = System.nanoTime() - originNanos;
    return start.plusNanos((long) (elapsed * rate));
  }

  public double rate() {
    return rate;
  }

  /** How long to wait in real time for {@code virtual} to pass on this clock. */
  public Duration realDelay(Duration virtual) {
    return Duration.ofNanos((long) (virtual.toNanos() / rate));
  }
}
