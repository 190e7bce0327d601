package io.powermanager.certs;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The {@code power-manager certs} command's work, apart from its flag parsing. */
public final class CertsTool {
  private CertsTool() {}

  /**
   * Creates a CA and a serving certificate for Service {@code service} in {@code namespace} (SANs:
   * {@link ServiceNames#sans} plus the extras), both valid for {@code validity}, and writes {@code
   * ca.crt}, {@code tls.crt} and {@code tls.key} into {@code outDir} (created if missing). The CA
   * key is not kept: to renew, run it again and roll out the new {@code ca.crt}.
   *
   * @return what was written
   * @throws IllegalArgumentException naming the field if a name, address or the validity is invalid
   */
  public static IssuedCertificate writeFiles(
      String service,
      String namespace,
      Path outDir,
      List<String> extraDnsNames,
      List<String> extraIps,
      Duration validity,
      Clock clock,
      SecureRandom random) {
    var request = LeafRequest.forService(service, namespace, extraDnsNames, extraIps, validity);
    var ca = CertificateAuthority.create(service + "-ca", validity, clock, random);
    var issued = ca.issue(request);
    new CertificateFiles(outDir).write(issued);
    return issued;
  }
}
