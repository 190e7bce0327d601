package io.powermanager.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides what the webhook certificate Secret needs at an instant: a pure function of the Secret's
 * contents, the wanted SANs, the policy and {@code now}.
 *
 * <p>The CA is rotated when it is missing, unreadable, not a CA, without its key, or {@link
 * RenewalDecision#replace() due}. The serving certificate is re-issued when the CA rotates, or when
 * it is missing, unreadable, without its key, not signed by the current CA, for other SANs, or due.
 * A CA replaced by a rotation stays in {@code ca.crt} (and so in every {@code caBundle}) until
 * {@link RenewalPolicy#caOverlap()} after the rotation, so that replicas still serving the old
 * certificate are trusted until they pick up the new one.
 */
public final class RenewalPlanner {
  private RenewalPlanner() {}

  public static RenewalPlan plan(
      StoredCertificates stored,
      List<String> dnsNames,
      List<String> ipAddresses,
      RenewalPolicy policy,
      Instant now) {
    var reasons = new ArrayList<String>();
    var bundle = certificates(stored.caCertificatesPem());
    var ca = bundle.isEmpty() ? null : bundle.get(0);
    var caProblem = caProblem(stored, ca, policy, now);
    caProblem.ifPresent(reasons::add);
    boolean rotateCa = caProblem.isPresent();

    boolean issueLeaf;
    X509Certificate leaf = null;
    if (rotateCa) {
      issueLeaf = true;
      reasons.add("the CA rotates, so the serving certificate is re-issued");
    } else {
      leaf = certificates(stored.certificatePem()).stream().findFirst().orElse(null);
      var leafProblem = leafProblem(stored, leaf, ca, dnsNames, ipAddresses, policy, now);
      leafProblem.ifPresent(reasons::add);
      issueLeaf = leafProblem.isPresent();
    }

    boolean trimCaBundle = false;
    if (!rotateCa) {
      long dropped =
          bundle.stream().skip(1).filter(old -> !keepsRetired(old, ca, policy, now)).count();
      if (dropped > 0) {
        trimCaBundle = true;
        reasons.add(
            dropped + " retired CA certificate(s) leave the bundle (overlap over or expired)");
      }
    }

    boolean converged = !rotateCa && !issueLeaf && !trimCaBundle;
    var recheckAt = converged ? nextChange(bundle, leaf, policy, now) : now;
    return new RenewalPlan(rotateCa, issueLeaf, trimCaBundle, reasons, recheckAt);
  }

  /**
   * Whether the retired CA certificate {@code old} stays in the bundle behind {@code current}:
   * until {@code caOverlap} after {@code current} was issued, and only while {@code old} is valid.
   */
  static boolean keepsRetired(
      X509Certificate old, X509Certificate current, RenewalPolicy policy, Instant now) {
    return now.isBefore(overlapEnd(current, policy)) && !now.isAfter(notAfter(old));
  }

  private static Instant overlapEnd(X509Certificate current, RenewalPolicy policy) {
    return current
        .getNotBefore()
        .toInstant()
        .plus(CertificateAuthority.BACKDATE)
        .plus(policy.caOverlap());
  }

  private static Optional<String> caProblem(
      StoredCertificates stored, X509Certificate ca, RenewalPolicy policy, Instant now) {
    if (ca == null) {
      return Optional.of(
          stored.caCertificatesPem().isBlank()
              ? "there is no CA yet"
              : StoredCertificates.CA_CERTIFICATES + " is not readable");
    }
    var key = privateKey(stored.caKeyPem());
    if (key.isEmpty()) {
      return Optional.of(StoredCertificates.CA_KEY + " is missing or not readable");
    }
    if (!Pem.matches(key.get(), ca.getPublicKey())) {
      return Optional.of(
          StoredCertificates.CA_KEY + " does not belong to " + StoredCertificates.CA_CERTIFICATES);
    }
    if (ca.getBasicConstraints() < 0) {
      return Optional.of(StoredCertificates.CA_CERTIFICATES + " is not a CA certificate");
    }
    var decision = RenewalDecision.decide(ca, now, policy.caRenewBefore());
    if (decision.replace()) {
      return Optional.of("the CA is " + decision + " (notAfter " + notAfter(ca) + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> leafProblem(
      StoredCertificates stored,
      X509Certificate leaf,
      X509Certificate ca,
      List<String> dnsNames,
      List<String> ipAddresses,
      RenewalPolicy policy,
      Instant now) {
    if (leaf == null) {
      return Optional.of(
          stored.certificatePem().isBlank()
              ? "there is no serving certificate yet"
              : StoredCertificates.CERTIFICATE + " is not readable");
    }
    var key = privateKey(stored.privateKeyPem());
    if (key.isEmpty()) {
      return Optional.of(StoredCertificates.PRIVATE_KEY + " is missing or not readable");
    }
    if (!Pem.matches(key.get(), leaf.getPublicKey())) {
      return Optional.of(
          StoredCertificates.PRIVATE_KEY + " does not belong to " + StoredCertificates.CERTIFICATE);
    }
    if (!CertificateAuthority.isSignedBy(leaf, ca.getPublicKey())) {
      return Optional.of(StoredCertificates.CERTIFICATE + " is not signed by the current CA");
    }
    var haveDns = dnsNamesOf(leaf);
    var haveIps = ipsOf(leaf);
    var wantDns = normalisedDns(dnsNames);
    var wantIps = normalisedIps(ipAddresses);
    if (!haveDns.equals(wantDns) || !haveIps.equals(wantIps)) {
      return Optional.of(
          "the serving certificate is for "
              + sorted(haveDns, haveIps)
              + ", wanted "
              + sorted(wantDns, wantIps));
    }
    var decision = RenewalDecision.decide(leaf, now, policy.leafRenewBefore());
    if (decision.replace()) {
      return Optional.of(
          "the serving certificate is " + decision + " (notAfter " + notAfter(leaf) + ")");
    }
    return Optional.empty();
  }

  private static Instant nextChange(
      List<X509Certificate> bundle, X509Certificate leaf, RenewalPolicy policy, Instant now) {
    var ca = bundle.get(0);
    var times = new ArrayList<Instant>();
    times.add(RenewalDecision.renewalTime(notAfter(ca), policy.caRenewBefore()));
    times.add(RenewalDecision.renewalTime(notAfter(leaf), policy.leafRenewBefore()));
    for (var old : bundle.subList(1, bundle.size())) {
      var end = overlapEnd(ca, policy);
      var expiry = notAfter(old).plusSeconds(1);
      times.add(end.isBefore(expiry) ? end : expiry);
    }
    return times.stream().min(Comparator.naturalOrder()).filter(t -> t.isAfter(now)).orElse(now);
  }

  /** The leaf's DNS SANs, lower-cased; never throws on a name we would not issue. */
  private static Set<String> dnsNamesOf(X509Certificate leaf) {
    var result = new HashSet<String>();
    CertificateAuthority.subjectAlternativeNames(leaf, 2)
        .forEach(n -> result.add(n.toLowerCase(Locale.ROOT)));
    return result;
  }

  /** The leaf's IP SANs in canonical form (as the JDK renders them, they always parse). */
  private static Set<String> ipsOf(X509Certificate leaf) {
    var result = new HashSet<String>();
    for (var ip : CertificateAuthority.subjectAlternativeNames(leaf, 7)) {
      try {
        result.add(LeafRequest.canonicalIp("ipAddresses", ip));
      } catch (IllegalArgumentException e) {
        result.add(ip);
      }
    }
    return result;
  }

  private static Set<String> normalisedDns(List<String> names) {
    var result = new HashSet<String>();
    names.forEach(n -> result.add(ServiceNames.dnsName("dnsNames", n)));
    return result;
  }

  private static Set<String> normalisedIps(List<String> ips) {
    var result = new HashSet<String>();
    ips.forEach(ip -> result.add(LeafRequest.canonicalIp("ipAddresses", ip)));
    return result;
  }

  private static List<String> sorted(Set<String> dns, Set<String> ips) {
    return Stream.concat(dns.stream().sorted(), ips.stream().sorted()).toList();
  }

  static List<X509Certificate> certificates(String pem) {
    if (pem.isBlank()) {
      return List.of();
    }
    try {
      return Pem.certificates(pem);
    } catch (CertificateMaterialException e) {
      return List.of();
    }
  }

  private static Optional<PrivateKey> privateKey(String pem) {
    if (pem.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pem.privateKey(pem));
    } catch (CertificateMaterialException e) {
      return Optional.empty();
    }
  }

  private static Instant notAfter(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant();
  }
}
