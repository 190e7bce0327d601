package io.powermanager.certs;

import java.time.Duration;
import java.time.Instant;

/** One renewal policy and the instants it gives, shared by the planner's and rotator's tests. */
final class RenewalTimeline {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A year's CA renewed 90 days before it ends; 90-day leaves renewed 30 days before. */
  static final RenewalPolicy POLICY =
      new RenewalPolicy(
          Duration.ofDays(365),
          Duration.ofDays(90),
          Duration.ofDays(90),
          Duration.ofDays(30),
          Duration.ofMinutes(10));

  /** When a leaf issued at {@link #T0} is due. */
  static final Instant LEAF_RENEWAL = T0.plus(Duration.ofDays(60));

  /** When the CA issued at {@link #T0} is due. */
  static final Instant CA_RENEWAL = T0.plus(Duration.ofDays(275));

  private RenewalTimeline() {}
}
