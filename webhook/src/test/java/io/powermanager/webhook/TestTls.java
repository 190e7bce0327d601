package io.powermanager.webhook;

import io.powermanager.certs.CertificateAuthority;
import io.powermanager.certs.CertificateFiles;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.LeafRequest;
import io.powermanager.certs.SslContexts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A test CA and serving certificates for {@code localhost} / {@code 127.0.0.1}, from certs/. */
final class TestTls {

  private final CertificateAuthority ca;

  TestTls(String name) {
    ca =
        CertificateAuthority.create(
            name, Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
  }

  /** Issues a new serving certificate and writes ca.crt, tls.crt and tls.key into {@code dir}. */
  IssuedCertificate writeServingFiles(Path dir, String commonName) {
    IssuedCertificate issued =
        ca.issue(
            new LeafRequest(
                commonName, List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1)));
    new CertificateFiles(dir).write(issued);
    return issued;
  }

  /** The CA certificate, PEM. */
  String caPem() {
    return ca.certificatePem();
  }

  /** A client context trusting only this CA. */
  SSLContext clientContext() {
    return SslContexts.trusting(ca.certificatePem());
  }
}
