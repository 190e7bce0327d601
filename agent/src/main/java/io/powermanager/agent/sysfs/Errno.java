package io.powermanager.agent.sysfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** The errors a sysfs access meets, as the kernel names them. */
public enum Errno {
  /** The value was refused: not a number, not an offered governor or EPP. */
  EINVAL("Invalid argument"),
  /** EPP written under governor performance (intel_pstate). */
  EBUSY("Device or resource busy"),
  /** Not permitted now: turbo switched on while firmware keeps it off. */
  EPERM("Operation not permitted"),
  /** A read-only file, or no privilege. */
  EACCES("Permission denied"),
  /** The file does not exist: a capability the hardware or driver lacks. */
  ENOENT("No such file or directory"),
  /** The device failed the access. */
  EIO("Input/output error"),
  /** Anything else. */
  OTHER("");

  private final String text;

  Errno(String text) {
    this.text = text;
  }

  /** The kernel's message, e.g. {@code Device or resource busy}. */
  public String text() {
    return text;
  }

  /**
   * The errno behind an {@link IOException} from the JDK file API (or the test kit's emulator): by
   * type for missing files and denied access, else by the errno text in the message (the JDK puts
   * {@code strerror} there, e.g. {@code /sys/...: Device or resource busy}).
   */
  public static Errno classify(IOException e) {
    if (e instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (e instanceof AccessDeniedException) {
      return EACCES;
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    for (Errno errno : values()) {
      if (errno != OTHER && message.contains(errno.text.toLowerCase(Locale.ROOT))) {
        return errno;
      }
    }
    return OTHER;
  }
}
