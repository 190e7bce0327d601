package io.powermanager.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to do with a certificate at a given instant. Validity is inclusive at both ends, as in RFC
 * 5280: a certificate is valid at exactly {@code notBefore} and at exactly {@code notAfter}.
 */
public enum RenewalDecision {
  /** Valid, and more than {@code renewBefore} from expiry. */
  KEEP,
  /** Valid, but within {@code renewBefore} of expiry (inclusive): replace it now. */
  RENEW,
  /** Past {@code notAfter}. */
  EXPIRED,
  /** Before {@code notBefore}: unusable now (clock skew, or a certificate from the future). */
  NOT_YET_VALID;

  /** Whether the certificate should be replaced: every decision except {@link #KEEP}. */
  public boolean replace() {
    return this != KEEP;
  }

  /** The decision for {@code current} at {@code now}. Pure. */
  public static RenewalDecision decide(X509Certificate current, Instant now, Duration renewBefore) {
    Objects.requireNonNull(current, "current");
    return decide(
        current.getNotBefore().toInstant(), current.getNotAfter().toInstant(), now, renewBefore);
  }

  /** The decision for a certificate valid from {@code notBefore} to {@code notAfter}. Pure. */
  public static RenewalDecision decide(
      Instant notBefore, Instant notAfter, Instant now, Duration renewBefore) {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(renewBefore, "renewBefore");
    if (renewBefore.isNegative()) {
      throw new IllegalArgumentException("renewBefore " + renewBefore + " must not be negative");
    }
    if (now.isBefore(notBefore)) {
      return NOT_YET_VALID;
    }
    if (now.isAfter(notAfter)) {
      return EXPIRED;
    }
    return now.isBefore(renewalTime(notAfter, renewBefore)) ? KEEP : RENEW;
  }

  /** The first instant at which a certificate expiring at {@code notAfter} is {@link #RENEW}. */
  public static Instant renewalTime(Instant notAfter, Duration renewBefore) {
    return notAfter.minus(renewBefore);
  }
}
