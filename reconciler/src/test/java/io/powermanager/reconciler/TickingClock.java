package io.powermanager.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs at real speed from a fixed start and that a test can move forward at once (to
 * make a heartbeat stale without waiting 90 s). Thread-safe.
 */
public final class TickingClock extends UtcTestClock {

  private final Instant start;
  private final long startNanos = System.nanoTime();
  private final AtomicLong skippedNanos = new AtomicLong();

  public TickingClock(Instant start) {
    this.start = start;
  }

  public void advance(Duration d) {
    skippedNanos.addAndGet(d.toNanos());
  }

  @Override
  public Instant instant() {
    return start.plusNanos(System.nanoTime() - startNanos + skippedNanos.get());
  }
}
