package io.powermanager.certs;

import static io.powermanager.certs.RenewalDecision.EXPIRED;
import static io.powermanager.certs.RenewalDecision.KEEP;
import static io.powermanager.certs.RenewalDecision.NOT_YET_VALID;
import static io.powermanager.certs.RenewalDecision.RENEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenewalDecisionTest {
  private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2026-04-01T00:00:00Z");
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Instant RENEWAL_TIME = Instant.parse("2026-03-02T00:00:00Z");
  private static final Duration TICK = Duration.ofNanos(1);

  static Stream<Arguments> boundaries() {
    return Stream.of(
        Arguments.of("a tick before notBefore", NOT_BEFORE.minus(TICK), NOT_YET_VALID),
        Arguments.of("exactly notBefore", NOT_BEFORE, KEEP),
        Arguments.of("a tick before the renewal time", RENEWAL_TIME.minus(TICK), KEEP),
        Arguments.of("exactly the renewal time", RENEWAL_TIME, RENEW),
        Arguments.of("exactly notAfter", NOT_AFTER, RENEW),
        Arguments.of("a tick after notAfter", NOT_AFTER.plus(TICK), EXPIRED));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("boundaries")
  void decidesAtTheBoundaries(String when, Instant now, RenewalDecision expected) {
    // When
    var decision = RenewalDecision.decide(NOT_BEFORE, NOT_AFTER, now, RENEW_BEFORE);

    // Then
    assertThat(decision).isEqualTo(expected);
  }

  @Test
  void renewsAtOnceWhenRenewBeforeExceedsTheValidity() {
    // When
    var decision = RenewalDecision.decide(NOT_BEFORE, NOT_AFTER, NOT_BEFORE, Duration.ofDays(365));

    // Then
    assertThat(decision).isEqualTo(RENEW);
  }

  @Test
  void keepsUntilNotAfterWhenRenewBeforeIsZero() {
    assertThat(RenewalDecision.decide(NOT_BEFORE, NOT_AFTER, NOT_AFTER.minus(TICK), Duration.ZERO))
        .isEqualTo(KEEP);
    assertThat(RenewalDecision.decide(NOT_BEFORE, NOT_AFTER, NOT_AFTER, Duration.ZERO))
        .isEqualTo(RENEW);
  }

  @Test
  void decidesFromTheCertificateDatesToTheSecond() {
    // Given
    var issuedAt = Instant.parse("2026-01-01T00:00:00Z");
    var clock = Clock.fixed(issuedAt, ZoneOffset.UTC);
    var ca = CertificateAuthority.create("ca", Duration.ofDays(365), clock, new SecureRandom());
    var leaf =
        ca.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(90)))
            .certificate();
    var renewalTime = issuedAt.plus(Duration.ofDays(60));

    // When
    var justBefore = RenewalDecision.decide(leaf, renewalTime.minusSeconds(1), RENEW_BEFORE);
    var atRenewal = RenewalDecision.decide(leaf, renewalTime, RENEW_BEFORE);

    // Then
    assertThat(justBefore).isEqualTo(KEEP);
    assertThat(atRenewal).isEqualTo(RENEW);
  }

  @Test
  void onlyKeepNeedsNoReplacement() {
    assertThat(Stream.of(RenewalDecision.values()).filter(RenewalDecision::replace))
        .containsExactly(RENEW, EXPIRED, NOT_YET_VALID);
  }

  @Test
  void rejectsNegativeRenewBefore() {
    assertThatThrownBy(
            () -> RenewalDecision.decide(NOT_BEFORE, NOT_AFTER, NOT_BEFORE, Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("renewBefore PT-24H must not be negative");
  }
}
