package io.powermanager.certs;

import java.time.Instant;
import java.util.List;

/**
 * What one {@link WebhookCertificateRotator#reconcileOnce()} did.
 *
 * @param plan what the Secret needed when read
 * @param secretWritten whether this replica created or updated the Secret
 * @param patchedConfigurations {@code Kind/name} of each webhook configuration whose caBundle was
 *     patched
 * @param filesWritten whether the serving files in the cert dir were rewritten
 * @param recheckAt when the certificates next need attention if nothing else changes
 */
public record RotationOutcome(
    RenewalPlan plan,
    boolean secretWritten,
    List<String> patchedConfigurations,
    boolean filesWritten,
    Instant recheckAt) {

  public RotationOutcome {
    patchedConfigurations = List.copyOf(patchedConfigurations);
  }

  /** Whether anything was written: false once converged. */
  public boolean wroteAnything() {
    return secretWritten || !patchedConfigurations.isEmpty() || filesWritten;
  }
}
