package io.powermanager.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The standalone webhook's configuration, built by the composition root from flags.
 *
 * @param admission the power namespace and optional scheduler name the decisions use
 * @param host the address to listen on ({@code 0.0.0.0} for all)
 * @param port the port; 0 picks a free one (tests)
 * @param certDir the directory holding {@code tls.crt} and {@code tls.key}, reloaded when they
 *     change; empty serves plain HTTP, which only a test or the in-process simulator should do
 * @param maxRequestBytes the largest request body; larger ones get 413
 * @param drainTimeout how long {@link WebhookServer#close} waits for in-flight reviews
 * @param maxThreads the Jetty thread pool's size
 */
public record WebhookConfig(
    AdmissionSettings admission,
    String host,
    int port,
    Optional<Path> certDir,
    long maxRequestBytes,
    Duration drainTimeout,
    int maxThreads) {

  public static final int DEFAULT_PORT = 9443;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_THREADS = 32;

  /** Jetty needs an acceptor, a selector and reserved threads besides the workers. */
  static final int MIN_THREADS = 8;

  public WebhookConfig {
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port");
    }
    if (maxRequestBytes <= 0 || maxRequestBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " is out of range");
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout " + drainTimeout + " is negative");
    }
    if (maxThreads < MIN_THREADS) {
      throw new IllegalArgumentException(
          "maxThreads " + maxThreads + " is below the minimum of " + MIN_THREADS);
    }
  }

  /** Defaults for everything but the namespace and the certificate directory. */
  public static WebhookConfig of(String powerNamespace, Optional<Path> certDir) {
    return new WebhookConfig(
        AdmissionSettings.of(powerNamespace),
        "0.0.0.0",
        DEFAULT_PORT,
        certDir,
        WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_DRAIN_TIMEOUT,
        DEFAULT_MAX_THREADS);
  }

  public WebhookConfig withHost(String newHost) {
    return new WebhookConfig(
        admission, newHost, port, certDir, maxRequestBytes, drainTimeout, maxThreads);
  }

  public WebhookConfig withPort(int newPort) {
    return new WebhookConfig(
        admission, host, newPort, certDir, maxRequestBytes, drainTimeout, maxThreads);
  }

  public WebhookConfig withAdmission(AdmissionSettings newAdmission) {
    return new WebhookConfig(
        newAdmission, host, port, certDir, maxRequestBytes, drainTimeout, maxThreads);
  }

  public WebhookConfig withDrainTimeout(Duration newDrainTimeout) {
    return new WebhookConfig(
        admission, host, port, certDir, maxRequestBytes, newDrainTimeout, maxThreads);
  }

  public WebhookConfig withMaxRequestBytes(long newMaxRequestBytes) {
    return new WebhookConfig(
        admission, host, port, certDir, newMaxRequestBytes, drainTimeout, maxThreads);
  }
}
