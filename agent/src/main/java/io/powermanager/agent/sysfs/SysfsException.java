package io.powermanager.agent.sysfs;

import java.io.IOException;

/** A failed sysfs read or write, naming the file, the value and the errno. */
public final class SysfsException extends IOException {

  private final String path;
  private final String value;
  private final Errno errno;

  public SysfsException(String path, String value, Errno errno, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.value = value;
    this.errno = errno;
  }

  /** Wraps a JDK failure on {@code path} (writing {@code value}, or reading when null). */
  public static SysfsException of(String path, String value, IOException cause) {
    Errno errno = Errno.classify(cause);
    String what = value == null ? "reading " + path : "writing " + value.strip() + " to " + path;
    String reason = errno == Errno.OTHER ? String.valueOf(cause.getMessage()) : errno.text();
    return new SysfsException(path, value, errno, what + " failed: " + reason, cause);
  }

  /** The file, relative to the sysfs CPU root. */
  public String path() {
    return path;
  }

  /** The value being written; null for a read. */
  public String value() {
    return value;
  }

  public Errno errno() {
    return errno;
  }
}
