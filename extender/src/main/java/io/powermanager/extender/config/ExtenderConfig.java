package io.powermanager.extender.config;

import io.powermanager.extender.ScorePolicy;
import java.util.Objects;

/**
 * How the extender runs, built by the composition root from flags. Immutable.
 *
 * @param host the address the standalone server binds ({@code 0.0.0.0} for all)
 * @param port the standalone server's port; 0 picks a free one
 * @param powerNamespace the namespace of the PowerNodes
 * @param policy how {@code /prioritize} scores headroom
 * @param maxRequestBytes the largest request body read; kube-scheduler sends whole Node objects
 *     when it is not {@code nodeCacheCapable}, so this is generous. The server never lets more than
 *     1/16 of the heap through ({@code ServerSettings.heapBoundedBodyBytes}: about 19 MiB with the
 *     chart's heap), and answers a larger declared body 413 before reading it
 */
public record ExtenderConfig(
    String host, int port, String powerNamespace, ScorePolicy policy, long maxRequestBytes) {

  /** The port the examples and the chart use: {@value}. */
  public static final int DEFAULT_PORT = 8443;

  /** 64 MiB: about 10,000 full Node objects. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;

  public ExtenderConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(policy, "policy");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " must be > 0");
    }
  }

  /** All addresses, port {@value #DEFAULT_PORT}, spread, 64 MiB. */
  public static ExtenderConfig defaults(String powerNamespace) {
    return new ExtenderConfig(
        "0.0.0.0", DEFAULT_PORT, powerNamespace, ScorePolicy.SPREAD, DEFAULT_MAX_REQUEST_BYTES);
  }

  public ExtenderConfig withPort(int newPort) {
    return new ExtenderConfig(host, newPort, powerNamespace, policy, maxRequestBytes);
  }

  public ExtenderConfig withHost(String newHost) {
    return new ExtenderConfig(newHost, port, powerNamespace, policy, maxRequestBytes);
  }

  public ExtenderConfig withPolicy(ScorePolicy newPolicy) {
    return new ExtenderConfig(host, port, powerNamespace, newPolicy, maxRequestBytes);
  }
}
