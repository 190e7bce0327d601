package io.powermanager.certs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the webhook certificate Secret needs, decided by {@link RenewalPlanner#plan}.
 *
 * @param rotateCa create a new CA; the old CA certificates that are still valid stay in {@code
 *     ca.crt} behind it for the overlap
 * @param issueLeaf issue a new serving certificate from the (possibly new) CA
 * @param trimCaBundle drop retired CA certificates whose overlap ended or that expired
 * @param reasons why, one sentence each; empty when converged
 * @param recheckAt when the plan can next change if nothing else does (now, unless converged)
 */
public record RenewalPlan(
    boolean rotateCa,
    boolean issueLeaf,
    boolean trimCaBundle,
    List<String> reasons,
    Instant recheckAt) {

  public RenewalPlan {
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(recheckAt, "recheckAt");
  }

  /** Whether the Secret is already as it should be. */
  public boolean converged() {
    return !rotateCa && !issueLeaf && !trimCaBundle;
  }
}
