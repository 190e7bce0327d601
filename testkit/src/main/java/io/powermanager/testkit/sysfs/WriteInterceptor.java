package io.powermanager.testkit.sysfs;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test hook that sees every {@link EmulatedSysfs#write(String, String)} before the emulated
 * kernel does, and may fail it by throwing. A write that throws here is counted and logged but not
 * applied. Called with the emulator's lock held, so keep it quick.
 */
@FunctionalInterface
public interface WriteInterceptor {

  /**
   * @param path the canonical path ({@code cpuN/cpufreq/...} form)
   * @param value the value as passed to {@code write}
   * @throws IOException to fail this write with it
   */
  void beforeWrite(String path, String value) throws IOException;

  /**
   * Fails only the {@code n}th write it sees (1-based) with EIO ({@code Input/output error}); the
   * others pass.
   */
  static WriteInterceptor failNthWrite(long n) {
    AtomicLong seen = new AtomicLong();
    return (path, value) -> {
      if (seen.incrementAndGet() == n) {
        throw new IOException(EmulatedSysfs.EIO);
      }
    };
  }

  /**
   * Emulates the writer dying just before its {@code n}th write (1-based): writes 1..n-1 are
   * applied, write n and every later one throw {@link EmulatedCrashException} and change nothing.
   * Remove the interceptor before the "restarted" writer runs.
   */
  static WriteInterceptor crashAtWrite(long n) {
    AtomicLong seen = new AtomicLong();
    return (path, value) -> {
      long sequence = seen.incrementAndGet();
      if (sequence >= n) {
        throw new EmulatedCrashException(
            "emulated crash at write " + sequence + " (" + path + "=" + value.strip() + ")");
      }
    };
  }

  /**
   * Fails every write to one path with {@code IOException(errnoText)}, e.g. {@link
   * EmulatedSysfs#EIO}. The path may be given in either form ({@code cpu3/cpufreq/x} or {@code
   * cpufreq/policy3/x}).
   */
  static WriteInterceptor failPath(String path, String errnoText) {
    String target = EmulatedSysfs.canonical(path);
    Objects.requireNonNull(errnoText, "errnoText");
    return (written, value) -> {
      if (written.equals(target)) {
        throw new IOException(errnoText);
      }
    };
  }
}
