package io.powermanager.certs;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Client-side TLS contexts, e.g. for {@code HttpClient.newBuilder().sslContext(...)}. */
public final class SslContexts {
  private SslContexts() {}

  /**
   * A TLS context that trusts exactly the CA certificates in {@code caPem} (one or several
   * concatenated {@code CERTIFICATE} blocks) and verifies peers with the JDK's PKIX rules.
   *
   * @throws CertificateMaterialException if {@code caPem} holds no readable certificate
   */
  public static SSLContext trusting(String caPem) {
    var certificates = Pem.certificates(caPem);
    try {
      var trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        trustStore.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new CertificateMaterialException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }
}
