package io.powermanager.reconciler.runtime;

import java.time.Duration;
import java.util.Objects;

/** What a reconcile answers: converged for now, or look again after a delay. */
public sealed interface Result {

  /** Converged; the next event or resync brings the key back. */
  record Done() implements Result {}

  /** Look again after {@code delay} even if no event comes ("not ready yet", a deadline). */
  record RequeueAfter(Duration delay) implements Result {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        delay = Duration.ZERO;
      }
    }
  }

  Done DONE = new Done();

  static Result done() {
    return DONE;
  }

  static Result requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /** The result that looks again first: {@code done} loses to any requeue. */
  default Result soonest(Result other) {
    if (this instanceof RequeueAfter a && other instanceof RequeueAfter b) {
      return a.delay().compareTo(b.delay()) <= 0 ? a : b;
    }
    return this instanceof RequeueAfter ? this : other;
  }
}
