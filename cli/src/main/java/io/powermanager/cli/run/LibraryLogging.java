package io.powermanager.cli.run;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the libraries' chatter that says nothing to a person running a command: fabric8's
 * "unstable version" notes, Netty's unknown SO_KEEPALIVE on unix sockets, Vert.x's blocked-thread
 * stack traces (the fabric8 mock blocks its event loop under load, and a cold JVM loading classes
 * trips the checker too), a connection's close notice that arrives after Vert.x stopped, and
 * java.util.logging (grpc, the mock). For simple-logger commands; set before the first logger.
 */
final class LibraryLogging {

  private LibraryLogging() {}

  static void quiet() {
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client", "error");
    System.setProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty", "error");
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.vertx.core.impl.BlockedThreadChecker", "error");
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.netty.util.concurrent.DefaultPromise.rejectedExecution",
        "off");
    Logger.getLogger("").setLevel(Level.SEVERE);
  }
}
