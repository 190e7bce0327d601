package io.powermanager.testkit.sysfs;

/**
 * Thrown by {@link WriteInterceptor#crashAtWrite(long)} to stand for the writer's process dying
 * before a write reaches the kernel. Unchecked on purpose, so it escapes per-write error handling
 * the way a {@code kill -9} would.
 */
public final class EmulatedCrashException extends RuntimeException {

  public EmulatedCrashException(String message) {
    super(message);
  }
}
