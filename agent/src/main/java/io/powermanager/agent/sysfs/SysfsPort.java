package io.powermanager.agent.sysfs;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes files of the CPU sysfs tree by path relative to its root ({@code
 * /sys/devices/system/cpu}), e.g. {@code cpu3/cpufreq/scaling_max_freq}. The port never creates
 * files. Failures are {@link SysfsException}s carrying the {@link Errno}.
 *
 * <p>Tests and the simulator plug the test kit's emulated sysfs in with method references: {@code
 * SysfsPort.of(emulated::read, emulated::write, emulated::exists)}. Implementations must be
 * thread-safe.
 */
public interface SysfsPort {

  /**
   * The file's content as the kernel shows it (usually with a trailing newline).
   *
   * @throws SysfsException {@link Errno#ENOENT} when absent, or another errno
   */
  String read(String relPath) throws SysfsException;

  /**
   * Writes {@code value} into an existing file, as {@code echo value > file} does.
   *
   * @throws SysfsException with the errno the kernel answered (EINVAL, EBUSY, EACCES, ENOENT, ...)
   */
  void write(String relPath, String value) throws SysfsException;

  /** Whether the file exists. */
  boolean exists(String relPath);

  /**
   * The names in a directory, sorted.
   *
   * @throws SysfsException {@link Errno#ENOENT} when the directory is absent (or the port cannot
   *     list)
   */
  default List<String> list(String relDir) throws SysfsException {
    throw new SysfsException(relDir, null, Errno.ENOENT, "this sysfs port cannot list", null);
  }

  /** Lists a directory; may throw {@link IOException} as the JDK's file API does. */
  @FunctionalInterface
  interface Lister {
    List<String> list(String relDir) throws IOException;
  }

  /** Reads a file; may throw {@link IOException} as the JDK's file API does. */
  @FunctionalInterface
  interface Reader {
    String read(String relPath) throws IOException;
  }

  /** Writes a file; may throw {@link IOException} as the JDK's file API does. */
  @FunctionalInterface
  interface Writer {
    void write(String relPath, String value) throws IOException;
  }

  /** Tells whether a file exists. */
  @FunctionalInterface
  interface Probe {
    boolean exists(String relPath);
  }

  /**
   * A port over three functions, with their {@link IOException}s mapped to {@link SysfsException}s
   * by message ({@link Errno#classify}). Unchecked exceptions pass through.
   */
  static SysfsPort of(Reader reader, Writer writer, Probe probe) {
    return of(reader, writer, probe, null);
  }

  /**
   * {@link #of(Reader, Writer, Probe)} that also lists directories ({@code lister} {@code null}: it
   * cannot).
   */
  static SysfsPort of(Reader reader, Writer writer, Probe probe, Lister lister) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(probe, "probe");
    return new SysfsPort() {
      @Override
      public String read(String relPath) throws SysfsException {
        try {
          return reader.read(relPath);
        } catch (SysfsException e) {
          throw e;
        } catch (IOException e) {
          throw SysfsException.of(relPath, null, e);
        }
      }

      @Override
      public void write(String relPath, String value) throws SysfsException {
        try {
          writer.write(relPath, value);
        } catch (SysfsException e) {
          throw e;
        } catch (IOException e) {
          throw SysfsException.of(relPath, value, e);
        }
      }

      @Override
      public boolean exists(String relPath) {
        return probe.exists(relPath);
      }

      @Override
      public List<String> list(String relDir) throws SysfsException {
        if (lister == null) {
          return SysfsPort.super.list(relDir);
        }
        try {
          return lister.list(relDir);
        } catch (SysfsException e) {
          throw e;
        } catch (IOException e) {
          throw SysfsException.of(relDir, null, e);
        }
      }
    };
  }
}
