package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";

  @Test
  void issuesLeafForServiceNamesAndIpsThatChainsToTheCa() throws Exception {
    // Given
    var ca = CertificateAuthority.create("power-webhook-ca", Duration.ofDays(365), CLOCK, RANDOM);
    var request =
        LeafRequest.forService(
            "power-webhook",
            "power",
            List.of("webhook.example"),
            List.of("10.0.0.7", "::1"),
            Duration.ofDays(30));

    // When
    var issued = ca.issue(request);

    // Then
    var leaf = parse(issued.certificatePem()).get(0);
    var caCertificate = parse(issued.caCertificatePem()).get(0);
    assertThat(sans(leaf, 2))
        .containsExactly(
            "power-webhook",
            "power-webhook.power",
            "power-webhook.power.svc",
            "power-webhook.power.svc.cluster.local",
            "webhook.example");
    assertThat(sans(leaf, 7)).containsExactly("10.0.0.7", "0:0:0:0:0:0:0:1");
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=power-webhook.power.svc");
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(issued.dnsNames()).hasSize(5);
    assertThat(issued.ipAddresses()).containsExactly("10.0.0.7", "0:0:0:0:0:0:0:1");
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(caCertificate.getSubjectX500Principal());
    assertChainValid(leaf, caCertificate, NOW);
  }

  @Test
  void createsSelfSignedP256CaWithCriticalConstraintsAndCertSignUsage() throws Exception {
    // Given
    var validity = Duration.ofDays(90);

    // When
    var ca = CertificateAuthority.create("power-webhook-ca", validity, CLOCK, RANDOM);

    // Then
    var certificate = parse(ca.certificatePem()).get(0);
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getSubjectX500Principal().getName())
        .isEqualTo("CN=power-webhook-ca@" + NOW.getEpochSecond());
    assertThat(certificate.getBasicConstraints()).isZero();
    assertThat(certificate.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    boolean[] usage = certificate.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    var publicKey = (ECPublicKey) certificate.getPublicKey();
    assertThat(publicKey.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(validity));
    assertThat(ca.notAfter()).isEqualTo(NOW.plus(validity));
  }

  @Test
  void writesLeafKeyAsPkcs8PrivateKeyPemMatchingTheCertificate() throws Exception {
    // Given
    var ca = CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, RANDOM);

    // When
    var issued =
        ca.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1)));

    // Then
    assertThat(issued.privateKeyPem())
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    var body =
        issued
            .privateKeyPem()
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "");
    var key =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    assertThat(Pem.matches(key, parse(issued.certificatePem()).get(0).getPublicKey())).isTrue();
    assertThat(issued.toString()).doesNotContain("BEGIN PRIVATE KEY");
  }

  @Test
  void givesEveryCertificateADistinctPositiveSerial() {
    // Given
    var ca = CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, RANDOM);
    var request = LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1));

    // When
    var first = ca.issue(request).certificate();
    var second = ca.issue(request).certificate();

    // Then
    assertThat(first.getSerialNumber().signum()).isPositive();
    assertThat(second.getSerialNumber().signum()).isPositive();
    assertThat(first.getSerialNumber())
        .isNotEqualTo(second.getSerialNumber())
        .isNotEqualTo(ca.certificate().getSerialNumber());
  }

  @Test
  void cutsLeafValidityAtTheCaExpiry() {
    // Given
    var ca = CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, RANDOM);

    // When
    var issued =
        ca.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(30)));

    // Then
    assertThat(issued.notAfter()).isEqualTo(ca.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(10)));
  }

  @Test
  void refusesToIssueFromAnExpiredCa() {
    // Given
    var clock = new MutableClock(NOW);
    var ca = CertificateAuthority.create("ca", Duration.ofDays(10), clock, RANDOM);
    clock.advance(Duration.ofDays(10));
    var request = LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1));

    // When / Then
    assertThatThrownBy(() -> ca.issue(request))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expired at " + NOW.plus(Duration.ofDays(10)));
  }

  @Test
  void loadsCaFromPemAndIssuesCertificatesThatChainToIt() throws Exception {
    // Given
    var original = CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, RANDOM);

    // When
    var loaded =
        CertificateAuthority.fromPem(
            original.certificatePem(), original.privateKeyPem(), CLOCK, RANDOM);

    // Then
    var leaf =
        loaded.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1)));
    assertThat(loaded.certificate()).isEqualTo(original.certificate());
    assertChainValid(leaf.certificate(), original.certificate(), NOW);
    assertThat(original.signed(leaf.certificate())).isTrue();
  }

  @Test
  void refusesCaPemWithAnotherCasKey() {
    // Given
    var one = CertificateAuthority.create("one", Duration.ofDays(10), CLOCK, RANDOM);
    var other = CertificateAuthority.create("other", Duration.ofDays(10), CLOCK, RANDOM);

    // When / Then
    assertThatThrownBy(
            () ->
                CertificateAuthority.fromPem(
                    one.certificatePem(), other.privateKeyPem(), CLOCK, RANDOM))
        .isInstanceOf(CertificateMaterialException.class)
        .hasMessageContaining("private key does not belong to CA CN=one@");
  }

  @Test
  void refusesALeafCertificateAsCa() {
    // Given
    var ca = CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, RANDOM);
    var leaf =
        ca.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1)));

    // When / Then
    assertThatThrownBy(
            () ->
                CertificateAuthority.fromPem(
                    leaf.certificatePem(), leaf.privateKeyPem(), CLOCK, RANDOM))
        .isInstanceOf(CertificateMaterialException.class)
        .hasMessageContaining("CN=svc.ns.svc is not a CA");
  }

  @Test
  void readsSec1EcPrivateKeysAsCertManagerWritesThem() throws Exception {
    // Given
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var pair = generator.generateKeyPair();
    var pkcs8 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    var sec1 =
        new ECPrivateKey(
            256,
            ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    var pem = new StringWriter();
    try (var writer = new JcaPEMWriter(pem)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    // When
    var key = Pem.privateKey(pem.toString());

    // Then
    assertThat(pem.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(Pem.matches(key, pair.getPublic())).isTrue();
  }

  private static List<X509Certificate> parse(String pem) throws Exception {
    var factory = CertificateFactory.getInstance("X.509");
    return factory
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
  }

  private static List<String> sans(X509Certificate certificate, int type) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(san -> (Integer) san.get(0) == type)
        .map(san -> (String) san.get(1))
        .toList();
  }

  private static void assertChainValid(X509Certificate leaf, X509Certificate ca, Instant at)
      throws Exception {
    var factory = CertificateFactory.getInstance("X.509");
    var path = factory.generateCertPath(List.of(leaf));
    var parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
