package io.powermanager.cli.run;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running command alive until SIGTERM or SIGINT, then closes what it started (in the
 * JVM shutdown hook, so {@code kill} drains and restores before the process exits).
 */
public final class Daemon {

  private static final Logger LOGGER = LoggerFactory.getLogger(Daemon.class);

  private Daemon() {}

  /** Blocks until the JVM is asked to stop; returns the exit code 0. */
  public static int runUntilShutdown(String what, AutoCloseable running) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOGGER.atInfo().log(what + " stopping");
                  try {
                    running.close();
                  } catch (Exception e) {
                    LOGGER.atError().setCause(e).log(what + " did not stop cleanly");
                  } finally {
                    stopped.countDown();
                  }
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
