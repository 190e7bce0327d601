package io.powermanager.agent.sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * The real sysfs, through the JDK's file API under a root directory (normally {@code
 * /sys/devices/system/cpu}). A write opens an EXISTING file for writing with truncation ({@code
 * O_WRONLY|O_TRUNC}, never {@code O_CREAT}) and writes the value in one {@code write(2)}, as {@code
 * echo} does; the kernel's answer (EINVAL, EBUSY, ...) comes back as a {@link SysfsException}.
 * Thread-safe (stateless).
 */
public final class NioSysfs implements SysfsPort {

  private final Path root;

  public NioSysfs(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  private Path resolve(String relPath) {
    Path path = root.resolve(relPath).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("sysfs path \"" + relPath + "\" leaves the root " + root);
    }
    return path;
  }

  @Override
  public String read(String relPath) throws SysfsException {
    try {
      return Files.readString(resolve(relPath), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw SysfsException.of(relPath, null, e);
    }
  }

  @Override
  public void write(String relPath, String value) throws SysfsException {
    Objects.requireNonNull(value, "value");
    ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII));
    try (FileChannel channel =
        FileChannel.open(
            resolve(relPath), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw SysfsException.of(relPath, value, e);
    }
  }

  @Override
  public boolean exists(String relPath) {
    return Files.exists(resolve(relPath));
  }

  @Override
  public List<String> list(String relDir) throws SysfsException {
    try (java.util.stream.Stream<Path> entries = Files.list(resolve(relDir))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw SysfsException.of(relDir, null, e);
    }
  }

  @Override
  public String toString() {
    return "NioSysfs[" + root + "]";
  }
}
