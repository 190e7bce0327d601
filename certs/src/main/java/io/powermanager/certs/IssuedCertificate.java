package io.powermanager.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A serving certificate and its key, as PEM text ready for {@code tls.crt}, {@code tls.key} and
 * {@code ca.crt}.
 *
 * @param certificatePem the leaf certificate ({@code CERTIFICATE})
 * @param privateKeyPem the leaf's key, PKCS#8 ({@code PRIVATE KEY})
 * @param caCertificatePem the CA certificate(s) that a client must trust to accept the leaf
 * @param notAfter when the leaf expires
 * @param dnsNames the leaf's DNS SANs
 * @param ipAddresses the leaf's IP SANs, in the JDK's canonical text form
 */
public record IssuedCertificate(
    String certificatePem,
    String privateKeyPem,
    String caCertificatePem,
    Instant notAfter,
    List<String> dnsNames,
    List<String> ipAddresses) {

  public IssuedCertificate {
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem");
    Objects.requireNonNull(notAfter, "notAfter");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** The leaf, parsed. */
  public X509Certificate certificate() {
    return Pem.certificate(certificatePem);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[notAfter="
        + notAfter
        + ", dnsNames="
        + dnsNames
        + ", ipAddresses="
        + ipAddresses
        + ", privateKeyPem=<redacted>]";
  }
}
