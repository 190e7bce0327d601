package io.powermanager.certs;

import static io.powermanager.certs.RenewalTimeline.CA_RENEWAL;
import static io.powermanager.certs.RenewalTimeline.LEAF_RENEWAL;
import static io.powermanager.certs.RenewalTimeline.POLICY;
import static io.powermanager.certs.RenewalTimeline.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalPlannerTest {
  private static final List<String> NAMES = ServiceNames.sans("svc", "ns");

  private final MutableClock clock = new MutableClock(T0);
  private final SecureRandom random = new SecureRandom();

  @Test
  void plansNewCaAndLeafForAnEmptySecret() {
    // When
    var plan = plan(StoredCertificates.empty());

    // Then
    assertThat(plan.rotateCa()).isTrue();
    assertThat(plan.issueLeaf()).isTrue();
    assertThat(plan.trimCaBundle()).isFalse();
    assertThat(plan.reasons()).first().isEqualTo("there is no CA yet");
    assertThat(plan.recheckAt()).isEqualTo(T0);
  }

  @Test
  void freshCertificatesAreConvergedUntilTheLeafRenewalTime() {
    // Given
    var stored = apply(StoredCertificates.empty());

    // When
    var atIssue = plan(stored);
    clock.set(LEAF_RENEWAL.minusSeconds(1));
    var justBefore = plan(stored);
    clock.set(LEAF_RENEWAL);
    var atRenewal = plan(stored);

    // Then
    assertThat(atIssue.converged()).isTrue();
    assertThat(atIssue.reasons()).isEmpty();
    assertThat(atIssue.recheckAt()).isEqualTo(LEAF_RENEWAL);
    assertThat(justBefore.converged()).isTrue();
    assertThat(atRenewal.rotateCa()).isFalse();
    assertThat(atRenewal.issueLeaf()).isTrue();
    assertThat(atRenewal.reasons())
        .containsExactly(
            "the serving certificate is RENEW (notAfter " + T0.plus(Duration.ofDays(90)) + ")");
  }

  @Test
  void reissuesTheLeafFromTheSameCaWhenItIsDue() {
    // Given
    var stored = apply(StoredCertificates.empty());
    clock.set(LEAF_RENEWAL);

    // When
    var renewed = apply(stored);

    // Then
    assertThat(renewed.caCertificatesPem()).isEqualTo(stored.caCertificatesPem());
    assertThat(renewed.caKeyPem()).isEqualTo(stored.caKeyPem());
    assertThat(renewed.certificatePem()).isNotEqualTo(stored.certificatePem());
    assertThat(Pem.certificate(renewed.certificatePem()).getNotAfter().toInstant())
        .isEqualTo(LEAF_RENEWAL.plus(Duration.ofDays(90)));
    assertThat(plan(renewed).converged()).isTrue();
  }

  @Test
  void rotatesTheCaWhenDueAndKeepsTheOldCaBehindTheNewOne() {
    // Given
    var stored = apply(StoredCertificates.empty());
    var oldCa = Pem.certificate(stored.caCertificatesPem());
    clock.set(CA_RENEWAL);

    // When
    var plan = plan(stored);
    var rotated = apply(stored);

    // Then
    assertThat(plan.rotateCa()).isTrue();
    assertThat(plan.issueLeaf()).isTrue();
    assertThat(plan.reasons())
        .startsWith("the CA is RENEW (notAfter " + T0.plus(Duration.ofDays(365)) + ")");
    var bundle = Pem.certificates(rotated.caCertificatesPem());
    assertThat(bundle).hasSize(2);
    assertThat(bundle.get(1)).isEqualTo(oldCa);
    assertThat(bundle.get(0)).isNotEqualTo(oldCa);
    assertThat(
            CertificateAuthority.isSignedBy(
                Pem.certificate(rotated.certificatePem()), bundle.get(0).getPublicKey()))
        .isTrue();
    var after = plan(rotated);
    assertThat(after.converged()).isTrue();
    assertThat(after.recheckAt()).isEqualTo(CA_RENEWAL.plus(POLICY.caOverlap()));
  }

  @Test
  void dropsTheOldCaFromTheBundleWhenTheOverlapEnds() {
    // Given
    var stored = apply(StoredCertificates.empty());
    clock.set(CA_RENEWAL);
    var rotated = apply(stored);
    var newCa = Pem.certificates(rotated.caCertificatesPem()).get(0);

    // When
    clock.set(CA_RENEWAL.plus(POLICY.caOverlap()).minusSeconds(1));
    var duringOverlap = plan(rotated);
    clock.set(CA_RENEWAL.plus(POLICY.caOverlap()));
    var afterOverlap = plan(rotated);
    var trimmed = apply(rotated);

    // Then
    assertThat(duringOverlap.converged()).isTrue();
    assertThat(afterOverlap.trimCaBundle()).isTrue();
    assertThat(afterOverlap.rotateCa()).isFalse();
    assertThat(afterOverlap.issueLeaf()).isFalse();
    assertThat(Pem.certificates(trimmed.caCertificatesPem())).containsExactly(newCa);
    assertThat(trimmed.certificatePem()).isEqualTo(rotated.certificatePem());
    assertThat(trimmed.caKeyPem()).isEqualTo(rotated.caKeyPem());
    assertThat(plan(trimmed).converged()).isTrue();
  }

  @Test
  void reissuesALeafThatAnotherCaSigned() {
    // Given
    var stored = apply(StoredCertificates.empty());
    var foreign = apply(StoredCertificates.empty());
    var mixed =
        new StoredCertificates(
            stored.caCertificatesPem(),
            stored.caKeyPem(),
            foreign.certificatePem(),
            foreign.privateKeyPem());

    // When
    var plan = plan(mixed);

    // Then
    assertThat(plan.rotateCa()).isFalse();
    assertThat(plan.issueLeaf()).isTrue();
    assertThat(plan.reasons()).containsExactly("tls.crt is not signed by the current CA");
  }

  @Test
  void reissuesALeafForOtherNames() {
    // Given
    var stored = apply(StoredCertificates.empty());

    // When
    var plan =
        RenewalPlanner.plan(
            stored, ServiceNames.sans("renamed", "ns"), List.of(), POLICY, clock.instant());

    // Then
    assertThat(plan.issueLeaf()).isTrue();
    assertThat(plan.reasons().get(0))
        .startsWith("the serving certificate is for [svc, svc.ns,")
        .contains("wanted [renamed, renamed.ns,");
  }

  @Test
  void reissuesALeafWhoseKeyIsMissing() {
    // Given
    var stored = apply(StoredCertificates.empty());
    var withoutKey =
        new StoredCertificates(
            stored.caCertificatesPem(), stored.caKeyPem(), stored.certificatePem(), "");

    // When
    var plan = plan(withoutKey);

    // Then
    assertThat(plan.reasons()).containsExactly("tls.key is missing or not readable");
    assertThat(plan.issueLeaf()).isTrue();
    assertThat(plan.rotateCa()).isFalse();
  }

  @Test
  void rotatesACaWhoseKeyBelongsToAnotherCa() {
    // Given
    var stored = apply(StoredCertificates.empty());
    var other = apply(StoredCertificates.empty());
    var mismatched =
        new StoredCertificates(
            stored.caCertificatesPem(),
            other.caKeyPem(),
            stored.certificatePem(),
            stored.privateKeyPem());

    // When
    var plan = plan(mismatched);

    // Then
    assertThat(plan.rotateCa()).isTrue();
    assertThat(plan.reasons()).first().isEqualTo("ca.key does not belong to ca.crt");
  }

  @Test
  void rotatesAnUnreadableCa() {
    // Given
    var stored = apply(StoredCertificates.empty());
    var broken =
        new StoredCertificates(
            "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n",
            stored.caKeyPem(),
            stored.certificatePem(),
            stored.privateKeyPem());

    // When
    var plan = plan(broken);
    var repaired = apply(broken);

    // Then
    assertThat(plan.rotateCa()).isTrue();
    assertThat(plan.reasons()).first().isEqualTo("ca.crt is not readable");
    assertThat(Pem.certificates(repaired.caCertificatesPem())).hasSize(1);
    assertThat(plan(repaired).converged()).isTrue();
  }

  @Test
  void roundTripsThroughSecretData() {
    // Given
    var stored = apply(StoredCertificates.empty());

    // When
    var data = stored.toSecretData();
    var back = StoredCertificates.fromSecretData(data);

    // Then
    assertThat(data).containsOnlyKeys("ca.crt", "ca.key", "tls.crt", "tls.key");
    assertThat(back).isEqualTo(stored);
    assertThat(back.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void rejectsAPolicyWhoseLeafWouldRenewBeforeItsCaRotates() {
    assertThatThrownBy(
            () ->
                new RenewalPolicy(
                    Duration.ofDays(365),
                    Duration.ofDays(20),
                    Duration.ofDays(90),
                    Duration.ofDays(30),
                    Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leafRenewBefore PT720H must be shorter than caRenewBefore PT480H");
  }

  @Test
  void rejectsAPolicyThatRenewsBeforeItIssues() {
    assertThatThrownBy(
            () ->
                new RenewalPolicy(
                    Duration.ofDays(365),
                    Duration.ofDays(90),
                    Duration.ofDays(30),
                    Duration.ofDays(30),
                    Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leafRenewBefore PT720H must be shorter than leafValidity PT720H");
  }

  private RenewalPlan plan(StoredCertificates stored) {
    return RenewalPlanner.plan(stored, NAMES, List.of(), POLICY, clock.instant());
  }

  private StoredCertificates apply(StoredCertificates stored) {
    return CertificateRotation.apply(
        stored,
        plan(stored),
        "svc-ca",
        LeafRequest.forService("svc", "ns", List.of(), List.of(), POLICY.leafValidity()),
        POLICY,
        clock,
        random);
  }
}
