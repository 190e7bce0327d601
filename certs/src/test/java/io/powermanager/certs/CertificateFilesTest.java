package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final CertificateAuthority CA =
      CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, new SecureRandom());

  @TempDir Path directory;

  @Test
  void writesTheThreeFilesAndReadsThemBack() throws Exception {
    // Given
    var issued = issue();
    var files = new CertificateFiles(directory.resolve("certs"));

    // When
    files.write(issued);

    // Then
    assertThat(Files.readString(files.caCertificatePath())).isEqualTo(issued.caCertificatePem());
    assertThat(Files.readString(files.certificatePath())).isEqualTo(issued.certificatePem());
    assertThat(Files.readString(files.privateKeyPath())).isEqualTo(issued.privateKeyPem());
    assertThat(files.read()).contains(CertificateFiles.Contents.of(issued));
    assertThat(files.directory().resolve("tls.crt")).isEqualTo(files.certificatePath());
  }

  @Test
  void writesTheKeyFileForItsOwnerOnly() throws Exception {
    // Given
    assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
    var files = new CertificateFiles(directory);

    // When
    files.write(issue());

    // Then
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKeyPath())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificatePath())))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void replacesEarlierFilesAndLeavesNoTemporaryFiles() throws Exception {
    // Given
    var files = new CertificateFiles(directory);
    files.write(issue());
    var second = issue();

    // When
    files.write(second);

    // Then
    assertThat(files.read()).contains(CertificateFiles.Contents.of(second));
    try (Stream<Path> entries = Files.list(directory)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.crt", "tls.crt", "tls.key");
    }
  }

  @Test
  void readsNothingWhileAFileIsMissing() throws Exception {
    // Given
    var files = new CertificateFiles(directory);
    files.write(issue());
    Files.delete(files.privateKeyPath());

    // When
    var contents = files.read();

    // Then
    assertThat(contents).isEmpty();
  }

  @Test
  void readersNeverSeeAHalfWrittenCertificate() throws Exception {
    // Given
    var files = new CertificateFiles(directory);
    var first = issue();
    var second = issue();
    files.write(first);
    var stop = new AtomicBoolean();
    var reader =
        CompletableFuture.supplyAsync(
            () -> {
              long torn = 0;
              while (!stop.get()) {
                var seen = files.read().orElseThrow().certificatePem();
                if (!seen.equals(first.certificatePem()) && !seen.equals(second.certificatePem())) {
                  torn++;
                }
              }
              return torn;
            });

    // When
    for (int i = 0; i < 100; i++) {
      files.write(i % 2 == 0 ? second : first);
    }
    stop.set(true);

    // Then
    assertThat(reader.get()).isZero();
  }

  private static IssuedCertificate issue() {
    return CA.issue(LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ofDays(1)));
  }
}
