package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsToolTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path directory;

  @Test
  void writesCaCertificateAndKeyForTheServiceIntoTheOutputDirectory() throws Exception {
    // Given
    var out = directory.resolve("certs");

    // When
    var issued =
        CertsTool.writeFiles(
            "power-webhook",
            "power",
            out,
            List.of("webhook.local"),
            List.of("127.0.0.1"),
            Duration.ofDays(30),
            CLOCK,
            new SecureRandom());

    // Then
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    }
    var ca = Pem.certificate(Files.readString(out.resolve("ca.crt")));
    var leaf = Pem.certificate(Files.readString(out.resolve("tls.crt")));
    var key = Pem.privateKey(Files.readString(out.resolve("tls.key")));
    assertThat(CertificateAuthority.isSignedBy(leaf, ca.getPublicKey())).isTrue();
    assertThat(Pem.matches(key, leaf.getPublicKey())).isTrue();
    assertThat(CertificateAuthority.subjectAlternativeNames(leaf, 2))
        .containsExactly(
            "power-webhook",
            "power-webhook.power",
            "power-webhook.power.svc",
            "power-webhook.power.svc.cluster.local",
            "webhook.local");
    assertThat(CertificateAuthority.subjectAlternativeNames(leaf, 7)).containsExactly("127.0.0.1");
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(issued.certificatePem()).isEqualTo(Files.readString(out.resolve("tls.crt")));
  }

  @Test
  void writesNothingForAnInvalidServiceName() {
    assertThatThrownBy(
            () ->
                CertsTool.writeFiles(
                    "Power_Webhook",
                    "power",
                    directory,
                    List.of(),
                    List.of(),
                    Duration.ofDays(30),
                    CLOCK,
                    new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("service 'Power_Webhook' is not a DNS-1123 label");
    assertThat(directory).isEmptyDirectory();
  }
}
