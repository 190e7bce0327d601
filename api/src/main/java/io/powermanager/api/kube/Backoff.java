package io.powermanager.api.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff for a failing key: {@code base × 2^(failures−1)}, capped at {@code max}.
 * Immutable and thread-safe.
 */
public record Backoff(Duration base, Duration max) {

  /** 100 ms, 200 ms, 400 ms … capped at 2 minutes. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofMinutes(2));

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive: " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below its base " + base);
    }
  }

  /** The delay before retry number {@code failures} (1 for the first failure). */
  public Duration delay(int failures) {
    if (failures <= 1) {
      return base;
    }
    int shift = Math.min(failures - 1, 40);
    long nanos = base.toNanos();
    if (nanos > (max.toNanos() >> shift)) {
      return max;
    }
    return Duration.ofNanos(nanos << shift);
  }
}
