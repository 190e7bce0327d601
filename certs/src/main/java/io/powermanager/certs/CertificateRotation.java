package io.powermanager.certs;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;

/** Carries out a {@link RenewalPlan}: the new Secret contents. Issues with the injected clock. */
final class CertificateRotation {
  private CertificateRotation() {}

  /**
   * The Secret contents after {@code plan}; {@code stored} itself when the plan is converged.
   *
   * @param caName base of the new CA's common name
   * @param leaf the serving certificate to issue, if the plan says so
   */
  static StoredCertificates apply(
      StoredCertificates stored,
      RenewalPlan plan,
      String caName,
      LeafRequest leaf,
      RenewalPolicy policy,
      Clock clock,
      SecureRandom random) {
    if (plan.converged()) {
      return stored;
    }
    var now = clock.instant();
    var oldBundle = RenewalPlanner.certificates(stored.caCertificatesPem());
    CertificateAuthority ca;
    var bundle = new ArrayList<X509Certificate>();
    if (plan.rotateCa()) {
      ca = CertificateAuthority.create(caName, policy.caValidity(), clock, random);
      bundle.add(ca.certificate());
      oldBundle.stream()
          .filter(old -> RenewalPlanner.keepsRetired(old, ca.certificate(), policy, now))
          .forEach(bundle::add);
    } else {
      ca =
          CertificateAuthority.fromPem(
              stored.caCertificatesPem(), stored.caKeyPem(), clock, random);
      bundle.add(oldBundle.get(0));
      oldBundle.stream()
          .skip(1)
          .filter(
              old ->
                  !plan.trimCaBundle()
                      || RenewalPlanner.keepsRetired(old, ca.certificate(), policy, now))
          .forEach(bundle::add);
    }
    var certificatePem = stored.certificatePem();
    var privateKeyPem = stored.privateKeyPem();
    if (plan.issueLeaf()) {
      var issued = ca.issue(leaf);
      certificatePem = issued.certificatePem();
      privateKeyPem = issued.privateKeyPem();
    }
    return new StoredCertificates(
        Pem.encode(bundle), ca.privateKeyPem(), certificatePem, privateKeyPem);
  }
}
