package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingServerTlsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final CertificateAuthority CA =
      CertificateAuthority.create("ca", Duration.ofDays(10), CLOCK, new SecureRandom());
  private static final Duration NO_POLL = Duration.ofHours(1);

  @TempDir Path directory;
  private ReloadingServerTls tls;

  @AfterEach
  void close() {
    if (tls != null) {
      tls.close();
    }
  }

  @Test
  void allowsOnlyTls13AndTls12() {
    // Given
    new CertificateFiles(directory).write(issue());

    // When
    tls = ReloadingServerTls.start(directory, NO_POLL);

    // Then
    var factory = tls.sslContextFactory();
    assertThat(factory.isStarted()).isTrue();
    assertThat(factory.getSelectedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(factory.getExcludeProtocols()).contains("TLSv1", "TLSv1.1", "SSLv3");
  }

  @Test
  void reloadsNothingWhileTheFilesAreUnchanged() {
    // Given
    var issued = issue();
    new CertificateFiles(directory).write(issued);
    tls = ReloadingServerTls.start(directory, NO_POLL);

    // When
    var reloaded = tls.reloadIfChanged();

    // Then
    assertThat(reloaded).isFalse();
    assertThat(tls.reloads()).isZero();
    assertThat(tls.certificate()).isEqualTo(issued.certificate());
  }

  @Test
  void servesTheNewCertificateOnceTheFilesChange() {
    // Given
    var files = new CertificateFiles(directory);
    files.write(issue());
    tls = ReloadingServerTls.start(directory, NO_POLL);
    var next = issue();
    files.write(next);

    // When
    tls.reloadIfChanged();

    // Then
    assertThat(tls.certificate()).isEqualTo(next.certificate());
    assertThat(tls.reloads()).isEqualTo(1);
    assertThat(tls.failedReloads()).isZero();
  }

  @Test
  void keepsThePreviousCertificateWhenTheKeyBelongsToAnotherCertificate() {
    // Given
    var files = new CertificateFiles(directory);
    var served = issue();
    var other = issue();
    serveThenWriteKeyOfAnother(files, served, other);

    // When
    var reloaded = tls.reloadIfChanged();
    var again = tls.reloadIfChanged();

    // Then
    assertThat(reloaded).isFalse();
    assertThat(again).isFalse();
    assertThat(tls.certificate()).isEqualTo(served.certificate());
    assertThat(tls.failedReloads()).as("counted once, on the second look").isEqualTo(1);
    assertThat(tls.reloads()).isZero();
  }

  @Test
  void loadsGoodFilesThatFollowRefusedOnes() {
    // Given
    var files = new CertificateFiles(directory);
    var served = issue();
    var other = issue();
    serveThenWriteKeyOfAnother(files, served, other);
    tls.reloadIfChanged();
    files.write(other);

    // When
    tls.reloadIfChanged();

    // Then
    assertThat(tls.certificate()).isEqualTo(other.certificate());
    assertThat(tls.reloads()).isEqualTo(1);
  }

  @Test
  void keepsThePreviousCertificateWhileTheKeyFileIsMissing() throws Exception {
    // Given
    var files = new CertificateFiles(directory);
    var served = issue();
    files.write(served);
    tls = ReloadingServerTls.start(directory, NO_POLL);
    Files.delete(files.privateKeyPath());

    // When
    var reloaded = tls.reloadIfChanged();
    var again = tls.reloadIfChanged();

    // Then
    assertThat(reloaded).isFalse();
    assertThat(again).isFalse();
    assertThat(tls.certificate()).isEqualTo(served.certificate());
    assertThat(tls.failedReloads()).isEqualTo(1);
  }

  @Test
  void refusesToStartWithoutFiles() {
    assertThatThrownBy(() -> ReloadingServerTls.start(directory, NO_POLL))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read serving certificate files in " + directory);
  }

  @Test
  void refusesToStartWithAKeyOfAnotherCertificate() {
    // Given
    var one = issue();
    var other = issue();
    new CertificateFiles(directory)
        .write(
            new CertificateFiles.Contents(
                one.caCertificatePem(), one.certificatePem(), other.privateKeyPem()));

    // When / Then
    assertThatThrownBy(() -> ReloadingServerTls.start(directory, NO_POLL))
        .isInstanceOf(CertificateMaterialException.class)
        .hasMessageStartingWith("tls.key does not belong to tls.crt");
  }

  @Test
  void followsTheSymlinkSwapOfAKubernetesSecretVolume() throws Exception {
    // Given
    var first = issue();
    secretVolumeUpdate(first, "..2026_01_01_00_00_00.1");
    tls = ReloadingServerTls.start(directory, NO_POLL);
    var second = issue();

    // When
    secretVolumeUpdate(second, "..2026_01_01_00_00_00.2");

    // Then
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(tls.certificate()).isEqualTo(second.certificate()));
    assertThat(tls.failedReloads()).isZero();
  }

  @Test
  void findsAChangeTheDirectoryWatchCannotSeeByPolling(@TempDir Path elsewhere) throws Exception {
    // Given
    var target = new CertificateFiles(elsewhere);
    target.write(issue());
    for (var name : List.of("ca.crt", "tls.crt", "tls.key")) {
      Files.createSymbolicLink(directory.resolve(name), elsewhere.resolve(name));
    }
    tls = ReloadingServerTls.start(directory, Duration.ofMillis(200));
    var next = issue();

    // When
    target.write(next);

    // Then
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(tls.certificate()).isEqualTo(next.certificate()));
  }

  /** What the kubelet does: a new timestamped dir, then an atomic rename of the ..data link. */
  private void secretVolumeUpdate(IssuedCertificate issued, String version) throws Exception {
    var data = directory.resolve(version);
    new CertificateFiles(data).write(issued);
    var temporaryLink = directory.resolve("..data_tmp");
    Files.createSymbolicLink(temporaryLink, Path.of(version));
    Files.move(temporaryLink, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    for (var name : List.of("ca.crt", "tls.crt", "tls.key")) {
      var link = directory.resolve(name);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of("..data", name));
      }
    }
  }

  /** Starts serving {@code served}, then writes {@code other}'s certificate beside its key. */
  private void serveThenWriteKeyOfAnother(
      CertificateFiles files, IssuedCertificate served, IssuedCertificate other) {
    files.write(served);
    tls = ReloadingServerTls.start(directory, NO_POLL);
    files.write(
        new CertificateFiles.Contents(
            served.caCertificatePem(), other.certificatePem(), served.privateKeyPem()));
  }

  private static IssuedCertificate issue() {
    return CA.issue(
        LeafRequest.forService("svc", "ns", List.of("localhost"), List.of(), Duration.ofDays(1)));
  }
}
