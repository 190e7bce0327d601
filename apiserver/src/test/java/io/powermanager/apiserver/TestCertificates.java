package io.powermanager.apiserver;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and a serving certificate for 127.0.0.1 and localhost, made in memory. */
final class TestCertificates {
  private final X509Certificate ca;
  private final SSLContext serverContext;

  private TestCertificates(X509Certificate ca, SSLContext serverContext) {
    this.ca = ca;
    this.serverContext = serverContext;
  }

  static TestCertificates create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair leafKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name caName = new X500Name("CN=apiserver-test-ca");
      X509v3CertificateBuilder caBuilder =
          new JcaX509v3CertificateBuilder(
              caName,
              BigInteger.ONE,
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              caName,
              caKeys.getPublic());
      caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      caBuilder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = sign(caBuilder, caKeys);
      X509v3CertificateBuilder leafBuilder =
          new JcaX509v3CertificateBuilder(
              caName,
              BigInteger.TWO,
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              new X500Name("CN=webhook"),
              leafKeys.getPublic());
      leafBuilder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(
                    GeneralName.iPAddress, InetAddress.getByName("127.0.0.1").getHostAddress())
              }));
      X509Certificate leaf = sign(leafBuilder, caKeys);
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      char[] password = "changeit".toCharArray();
      keyStore.setKeyEntry(
          "webhook", leafKeys.getPrivate(), password, new X509Certificate[] {leaf, ca});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new TestCertificates(ca, context);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test certificates", e);
    }
  }

  SSLContext serverContext() {
    return serverContext;
  }

  /** The CA as a base64 PEM bundle, as {@code clientConfig.caBundle} holds it. */
  String caBundle() {
    try {
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(ca);
      }
      return Base64.getEncoder()
          .encodeToString(pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }
}
