package io.powermanager.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that signs webhook serving certificates: a self-signed ECDSA P-256 CA
 * ({@code BasicConstraints CA:true, pathlen:0} critical; {@code KeyUsage keyCertSign|cRLSign}
 * critical) and its key.
 *
 * <p>Times come from the injected {@link Clock}: a certificate is valid from {@link #BACKDATE}
 * before issuance (tolerating small clock skew between replicas and the API server) until its
 * validity after issuance, and a leaf never outlives its CA. Serials are 127 random bits from the
 * injected {@link SecureRandom}. Thread-safe if the {@code SecureRandom} is (the JDK's are).
 */
public final class CertificateAuthority {
  /** How long before issuance a certificate's {@code notBefore} lies. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String CURVE = "secp256r1";

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(
      X509Certificate certificate, PrivateKey privateKey, Clock clock, SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A new self-signed CA with subject {@code CN=<name>@<epoch seconds>} (unique per rotation, so an
   * old and a new CA in one trust bundle never share a subject).
   */
  public static CertificateAuthority create(
      String name, Duration validity, Clock clock, SecureRandom random) {
    Objects.requireNonNull(name, "name");
    requirePositive("validity", validity);
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    var keyPair = newKeyPair(random);
    var subject = commonName(name + "@" + now.getEpochSecond());
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(random),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(validity)),
              subject,
              keyPair.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      var certificate = sign(builder, keyPair.getPrivate(), random);
      return new CertificateAuthority(certificate, keyPair.getPrivate(), clock, random);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new CertificateMaterialException("cannot create CA '" + name + "'", e);
    }
  }

  /**
   * The CA in {@code certificatePem} (its first certificate) with the key in {@code privateKeyPem}.
   *
   * @throws CertificateMaterialException if either does not parse, the certificate is not a CA, or
   *     the key does not belong to it
   */
  public static CertificateAuthority fromPem(
      String certificatePem, String privateKeyPem, Clock clock, SecureRandom random) {
    var certificate = Pem.certificate(certificatePem);
    var key = Pem.privateKey(privateKeyPem);
    if (certificate.getBasicConstraints() < 0) {
      throw new CertificateMaterialException(
          "certificate " + certificate.getSubjectX500Principal() + " is not a CA");
    }
    if (!Pem.matches(key, certificate.getPublicKey())) {
      throw new CertificateMaterialException(
          "private key does not belong to CA " + certificate.getSubjectX500Principal());
    }
    return new CertificateAuthority(certificate, key, clock, random);
  }

  /**
   * A new ECDSA P-256 leaf signed by this CA: {@code BasicConstraints CA:false}, {@code KeyUsage
   * digitalSignature}, {@code ExtendedKeyUsage serverAuth, clientAuth} and the request's SANs.
   *
   * @throws IllegalStateException if this CA has expired
   */
  public IssuedCertificate issue(LeafRequest request) {
    Objects.requireNonNull(request, "request");
    var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    var caNotAfter = certificate.getNotAfter().toInstant();
    if (!now.isBefore(caNotAfter)) {
      throw new IllegalStateException(
          "CA " + certificate.getSubjectX500Principal() + " expired at " + caNotAfter);
    }
    var wanted = now.plus(request.validity());
    var notAfter = wanted.isAfter(caNotAfter) ? caNotAfter : wanted;
    var keyPair = newKeyPair(random);
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(random),
              Date.from(now.minus(BACKDATE)),
              Date.from(notAfter),
              commonName(request.commonName()),
              keyPair.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false, generalNames(request));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(certificate));
      var leaf = sign(builder, privateKey, random);
      return new IssuedCertificate(
          Pem.encode(leaf),
          Pem.encode(keyPair.getPrivate()),
          certificatePem(),
          leaf.getNotAfter().toInstant(),
          request.dnsNames(),
          request.ipAddresses());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new CertificateMaterialException(
          "cannot issue certificate for " + request.dnsNames() + " " + request.ipAddresses(), e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA certificate as one {@code CERTIFICATE} block. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The CA key as PKCS#8 {@code PRIVATE KEY}; keep it out of files a server reads. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  /** When the CA expires. */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** Whether {@code leaf} carries a valid signature of this CA's key. */
  public boolean signed(X509Certificate leaf) {
    return isSignedBy(leaf, certificate.getPublicKey());
  }

  static boolean isSignedBy(X509Certificate leaf, PublicKey issuerKey) {
    try {
      leaf.verify(issuerKey);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The DNS (type 2) and IP (type 7) SANs of {@code certificate}, as the JDK renders them. */
  static List<String> subjectAlternativeNames(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      var result = new ArrayList<String>();
      if (sans != null) {
        for (var san : sans) {
          if (((Integer) san.get(0)) == type) {
            result.add((String) san.get(1));
          }
        }
      }
      return List.copyOf(result);
    } catch (CertificateParsingException e) {
      throw new CertificateMaterialException(
          "cannot read SANs of " + certificate.getSubjectX500Principal(), e);
    }
  }

  private static GeneralNames generalNames(LeafRequest request) {
    var names = new ArrayList<GeneralName>();
    request.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, PrivateKey signingKey, SecureRandom random)
      throws GeneralSecurityException {
    try {
      var signer =
          new JcaContentSignerBuilder(Pem.signatureAlgorithm(signingKey))
              .setSecureRandom(random)
              .build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + signingKey.getAlgorithm(), e);
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CertificateMaterialException("cannot generate an EC " + CURVE + " key pair", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X500Name commonName(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " " + value + " must be positive");
    }
  }
}
