package io.powermanager.certs;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the webhook CA and serving certificate last and when they are replaced.
 *
 * @param caValidity lifetime of a new CA
 * @param caRenewBefore a CA is rotated this long before it expires
 * @param leafValidity lifetime of a new serving certificate (never beyond its CA's)
 * @param leafRenewBefore a serving certificate is re-issued this long before it expires
 * @param caOverlap how long a replaced CA stays in the trust bundle after the rotation; must exceed
 *     the time every replica needs to pick up the new Secret and reload (the caller's reconcile
 *     period plus the reload poll interval)
 */
public record RenewalPolicy(
    Duration caValidity,
    Duration caRenewBefore,
    Duration leafValidity,
    Duration leafRenewBefore,
    Duration caOverlap) {

  public RenewalPolicy {
    requirePositive("caValidity", caValidity);
    requirePositive("caRenewBefore", caRenewBefore);
    requirePositive("leafValidity", leafValidity);
    requirePositive("leafRenewBefore", leafRenewBefore);
    requirePositive("caOverlap", caOverlap);
    requireShorter("caRenewBefore", caRenewBefore, "caValidity", caValidity);
    requireShorter("leafRenewBefore", leafRenewBefore, "leafValidity", leafValidity);
    // A leaf is cut off at its CA's expiry; the CA must therefore rotate before such a leaf is
    // due, or every pass would re-issue the leaf.
    requireShorter("leafRenewBefore", leafRenewBefore, "caRenewBefore", caRenewBefore);
    // The replaced CA must still be valid while it stays in the bundle.
    requireShorter("caOverlap", caOverlap, "caRenewBefore", caRenewBefore);
  }

  /** CA: 1 year, rotated 90 days early; leaf: 90 days, re-issued 30 days early; overlap 10 min. */
  public static RenewalPolicy defaults() {
    return new RenewalPolicy(
        Duration.ofDays(365),
        Duration.ofDays(90),
        Duration.ofDays(90),
        Duration.ofDays(30),
        Duration.ofMinutes(10));
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " " + value + " must be positive");
    }
  }

  private static void requireShorter(
      String field, Duration value, String otherField, Duration other) {
    if (value.compareTo(other) >= 0) {
      throw new IllegalArgumentException(
          field + " " + value + " must be shorter than " + otherField + " " + other);
    }
  }
}
