package io.powermanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.certs.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {

  /**
   * {@code power-manager certs} for {@code service} in {@code namespace}, writing to {@code out}.
   */
  private static CliRun certs(String service, String namespace, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "certs", "--service", service, "--namespace", namespace, "--out", out.toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void writesACaAndAServingCertificateForTheService(@TempDir Path dir) throws Exception {
    // When
    CliRun run =
        certs("power-webhook", "power-manager", dir, "--ip", "127.0.0.1", "--validity", "30d");

    // Then
    assertThat(run.exit()).isZero();
    X509Certificate leaf = Pem.certificate(Files.readString(dir.resolve("tls.crt")));
    X509Certificate ca = Pem.certificate(Files.readString(dir.resolve("ca.crt")));
    leaf.verify(ca.getPublicKey());
    List<String> sans =
        leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    assertThat(sans)
        .containsExactlyInAnyOrder(
            "power-webhook",
            "power-webhook.power-manager",
            "power-webhook.power-manager.svc",
            "power-webhook.power-manager.svc.cluster.local",
            "127.0.0.1");
    assertThat(
            Pem.matches(
                Pem.privateKey(Files.readString(dir.resolve("tls.key"))), leaf.getPublicKey()))
        .isTrue();
    assertThat(run.out()).startsWith("wrote " + dir.resolve("ca.crt"));
  }

  @Test
  void rejectsAMalformedValidity(@TempDir Path dir) throws IOException {
    CliRun run = certs("s", "n", dir, "--validity", "a year");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("'a year' is not a duration; use e.g. 500ms, 30s, 10m, 2h or 365d");
  }
}
