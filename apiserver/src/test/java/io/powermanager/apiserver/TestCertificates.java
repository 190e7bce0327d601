package io.powermanager.apiserver;

import io.powermanager.certs.CertificateAuthority;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.LeafRequest;
import io.powermanager.certs.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away CA and a serving certificate for 127.0.0.1 and localhost, made in memory by the
 * {@code certs} module's CA.
 */
final class TestCertificates {
  private final CertificateAuthority ca;
  private final IssuedCertificate leaf;
  private final SSLContext serverContext;

  private TestCertificates(
      CertificateAuthority ca, IssuedCertificate leaf, SSLContext serverContext) {
    this.ca = ca;
    this.leaf = leaf;
    this.serverContext = serverContext;
  }

  static TestCertificates create() {
    CertificateAuthority ca =
        CertificateAuthority.create(
            "apiserver-test-ca", Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
    IssuedCertificate leaf =
        ca.issue(
            LeafRequest.forService(
                "webhook",
                "default",
                List.of("localhost"),
                List.of("127.0.0.1"),
                Duration.ofDays(1)));
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      char[] password = "changeit".toCharArray();
      keyStore.setKeyEntry(
          "webhook",
          Pem.privateKey(leaf.privateKeyPem()),
          password,
          new X509Certificate[] {leaf.certificate(), ca.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new TestCertificates(ca, leaf, context);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test certificates", e);
    }
  }

  /** The serving certificate and key for an {@link EmbeddedApiServer} front, with the CA. */
  ApiServerOptions.ServingTls servingTls() {
    return new ApiServerOptions.ServingTls(
        leaf.certificatePem(), leaf.privateKeyPem(), ca.certificatePem());
  }

  SSLContext serverContext() {
    return serverContext;
  }

  /** The CA as a base64 PEM bundle, as {@code clientConfig.caBundle} holds it. */
  String caBundle() {
    return Base64.getEncoder()
        .encodeToString(ca.certificatePem().getBytes(StandardCharsets.US_ASCII));
  }
}
