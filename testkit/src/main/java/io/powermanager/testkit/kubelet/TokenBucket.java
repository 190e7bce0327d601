package io.powermanager.testkit.kubelet;

import java.util.function.LongSupplier;

/**
 * The kubelet's PodResources rate limit: a token bucket that starts full with {@code burst} tokens
 * and refills at {@code qps} tokens a second (golang.org/x/time/rate {@code Allow()}).
 */
final class TokenBucket {
  private final double qps;
  private final int burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  TokenBucket(double qps, int burst, LongSupplier nanoTime) {
    this.qps = qps;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** Takes one token if there is one. */
  synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * qps / 1e9);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
