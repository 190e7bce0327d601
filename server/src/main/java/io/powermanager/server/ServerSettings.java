package io.powermanager.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link HttpsServer} runs. Immutable; the composition root builds it from flags.
 *
 * @param name the server's name (thread names, logs)
 * @param host the address to listen on ({@code 0.0.0.0} for all)
 * @param port the port; 0 picks a free one
 * @param maxThreads the size of the bounded Jetty thread pool
 * @param drainTimeout how long {@link HttpsServer#close} waits for requests in flight
 * @param idleTimeout how long a connection may stay silent
 * @param bodyReadTimeout how long a request may take to deliver its whole body, however many bytes
 *     trickle in; then 408 and the connection is closed. Bodies are read without holding a thread,
 *     so slow clients cost a connection each, never a worker
 * @param lanes the components served, each with its own body cap and concurrency limit
 * @param clientCaFile a PEM file of CA certificates; when present the TLS connector asks clients
 *     for a certificate, verifies one presented against these CAs, and lanes with {@link
 *     Lane#clientCertificate()} refuse requests without one. Read once at start
 */
public record ServerSettings(
    String name,
    String host,
    int port,
    int maxThreads,
    Duration drainTimeout,
    Duration idleTimeout,
    Duration bodyReadTimeout,
    List<Lane> lanes,
    Optional<Path> clientCaFile) {

  public static final int DEFAULT_MAX_THREADS = 32;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * 10 s: the API server gives a webhook at most 30 s (3 s in the chart) and kube-scheduler an
   * extender its {@code httpTimeout} (2 s in the chart) for the whole exchange.
   */
  public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Threads kept out of the lanes' shares: Jetty's acceptor, selector and reserved threads, and the
   * operational routes.
   */
  public static final int RESERVED_THREADS = 8;

  /** A body may take at most 1/{@value} of the heap: parsed into a tree it takes several times. */
  public static final int HEAP_FRACTION_PER_BODY = 16;

  public ServerSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(clientCaFile, "clientCaFile");
    lanes = List.copyOf(lanes);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port");
    }
    if (maxThreads < RESERVED_THREADS + Math.max(1, lanes.size())) {
      throw new IllegalArgumentException(
          "maxThreads "
              + maxThreads
              + " leaves no worker per lane beside the "
              + RESERVED_THREADS
              + " reserved");
    }
    if (drainTimeout.isNegative() || idleTimeout.isNegative() || bodyReadTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
    if (lanes.stream().map(Lane::paths).flatMap(java.util.Set::stream).distinct().count()
        != lanes.stream().mapToLong(l -> l.paths().size()).sum()) {
      throw new IllegalArgumentException("two lanes share a path: " + lanes);
    }
  }

  /** Defaults for everything but the name, address, lanes and client CA. */
  public static ServerSettings of(String name, String host, int port, List<Lane> lanes) {
    return new ServerSettings(
        name,
        host,
        port,
        DEFAULT_MAX_THREADS,
        DEFAULT_DRAIN_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_BODY_READ_TIMEOUT,
        lanes,
        Optional.empty());
  }

  public ServerSettings withMaxThreads(int newMaxThreads) {
    return new ServerSettings(
        name,
        host,
        port,
        newMaxThreads,
        drainTimeout,
        idleTimeout,
        bodyReadTimeout,
        lanes,
        clientCaFile);
  }

  public ServerSettings withDrainTimeout(Duration newDrainTimeout) {
    return new ServerSettings(
        name,
        host,
        port,
        maxThreads,
        newDrainTimeout,
        idleTimeout,
        bodyReadTimeout,
        lanes,
        clientCaFile);
  }

  public ServerSettings withBodyReadTimeout(Duration newBodyReadTimeout) {
    return new ServerSettings(
        name,
        host,
        port,
        maxThreads,
        drainTimeout,
        idleTimeout,
        newBodyReadTimeout,
        lanes,
        clientCaFile);
  }

  public ServerSettings withClientCaFile(Optional<Path> newClientCaFile) {
    return new ServerSettings(
        name,
        host,
        port,
        maxThreads,
        drainTimeout,
        idleTimeout,
        bodyReadTimeout,
        lanes,
        newClientCaFile);
  }

  /** How many requests each lane handles at once: an equal share of the non-reserved threads. */
  public int laneConcurrency() {
    return (maxThreads - RESERVED_THREADS) / Math.max(1, lanes.size());
  }

  /**
   * The body cap a component should use: what it is configured with, but never more than 1/{@value
   * #HEAP_FRACTION_PER_BODY} of this JVM's maximum heap ({@link Runtime#maxMemory()}). With the
   * chart's heap (60 % of 512 MiB, about 307 MiB) that is about 19 MiB.
   */
  public static long heapBoundedBodyBytes(long configured) {
    return heapBoundedBodyBytes(configured, Runtime.getRuntime().maxMemory());
  }

  static long heapBoundedBodyBytes(long configured, long maxHeapBytes) {
    return Math.max(1, Math.min(configured, maxHeapBytes / HEAP_FRACTION_PER_BODY));
  }

  /** The bytes of bodies a lane may hold in memory at once (one heap-bounded body's worth). */
  static long inFlightBudget() {
    return Runtime.getRuntime().maxMemory() / HEAP_FRACTION_PER_BODY;
  }
}
