package io.powermanager.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The serving files of one directory: {@code ca.crt}, {@code tls.crt} and {@code tls.key} (the
 * names of a Kubernetes TLS Secret and of controller-runtime's cert dir).
 *
 * <p>Each file is replaced atomically: written to a hidden temporary file in the same directory,
 * flushed, then moved over the old one with {@code ATOMIC_MOVE}, so a reader sees the old or the
 * new file, never a torn one. The key file is created with mode {@code 0600} where the file system
 * is POSIX. Files are written CA first, key second, certificate last; a reader of the pair must
 * still check that key and certificate match (as {@link ReloadingServerTls} does).
 */
public final class CertificateFiles {
  public static final String CA_CERTIFICATE = "ca.crt";
  public static final String CERTIFICATE = "tls.crt";
  public static final String PRIVATE_KEY = "tls.key";

  private static final String PUBLIC_MODE = "rw-r--r--";
  private static final String PRIVATE_MODE = "rw-------";

  private final Path directory;

  public CertificateFiles(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The PEM text of the three files. */
  public record Contents(String caCertificatePem, String certificatePem, String privateKeyPem) {
    public Contents {
      Objects.requireNonNull(caCertificatePem, "caCertificatePem");
      Objects.requireNonNull(certificatePem, "certificatePem");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    public static Contents of(IssuedCertificate issued) {
      return new Contents(
          issued.caCertificatePem(), issued.certificatePem(), issued.privateKeyPem());
    }

    @Override
    public String toString() {
      return "Contents[caCertificatePem, certificatePem, privateKeyPem=<redacted>]";
    }
  }

  public Path directory() {
    return directory;
  }

  public Path caCertificatePath() {
    return directory.resolve(CA_CERTIFICATE);
  }

  public Path certificatePath() {
    return directory.resolve(CERTIFICATE);
  }

  public Path privateKeyPath() {
    return directory.resolve(PRIVATE_KEY);
  }

  /** Writes the three files of {@code issued}, creating the directory if needed. */
  public void write(IssuedCertificate issued) {
    write(Contents.of(issued));
  }

  /** Writes the three files, creating the directory if needed. */
  public void write(Contents contents) {
    try {
      Files.createDirectories(directory);
      // Stage (write + flush) all three first, then rename back to back: the window in which a
      // reader sees the new key with the old certificate is as short as two renames.
      var staged = new LinkedHashMap<String, Path>();
      try {
        staged.put(CA_CERTIFICATE, stage(CA_CERTIFICATE, contents.caCertificatePem(), PUBLIC_MODE));
        staged.put(PRIVATE_KEY, stage(PRIVATE_KEY, contents.privateKeyPem(), PRIVATE_MODE));
        staged.put(CERTIFICATE, stage(CERTIFICATE, contents.certificatePem(), PUBLIC_MODE));
        for (var entry : staged.entrySet()) {
          Files.move(
              entry.getValue(),
              directory.resolve(entry.getKey()),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        for (var temporary : staged.values()) {
          Files.deleteIfExists(temporary);
        }
      }
    } catch (AtomicMoveNotSupportedException e) {
      throw new UncheckedIOException(
          "file system of " + directory + " cannot replace files atomically", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write certificate files in " + directory, e);
    }
  }

  /** The three files, or empty if any of them is missing. */
  public Optional<Contents> read() {
    try {
      return Optional.of(
          new Contents(
              Files.readString(caCertificatePath(), StandardCharsets.US_ASCII),
              Files.readString(certificatePath(), StandardCharsets.US_ASCII),
              Files.readString(privateKeyPath(), StandardCharsets.US_ASCII)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read certificate files in " + directory, e);
    }
  }

  /** A hidden temporary file in the directory holding {@code text}, flushed to disk. */
  private Path stage(String name, String text, String mode) throws IOException {
    var temporary = Files.createTempFile(directory, "." + name + ".", ".tmp", permissions(mode));
    try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      var bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
      return temporary;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  private FileAttribute<?>[] permissions(String mode) {
    if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
      };
    }
    return new FileAttribute<?>[0];
  }
}
