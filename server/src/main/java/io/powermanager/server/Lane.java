package io.powermanager.server;

import java.util.Objects;
import java.util.Set;

/**
 * One component's share of an {@link HttpsServer}: its POST paths, the largest body they accept,
 * and whether callers must present a client certificate. Every lane gets its own concurrency limit
 * (see {@link ServerSettings#laneConcurrency()}), so a flood on one lane cannot take the threads of
 * another: the webhook keeps answering while the extender is busy, and the other way round.
 *
 * @param name the component ({@code webhook}, {@code extender}): thread and log names
 * @param paths the exact request paths of the lane, e.g. {@code /mutate}
 * @param maxBodyBytes the largest body; a larger declared {@code Content-Length} is answered 413
 *     before a byte is read, a larger chunked body is cut off with 413 when it exceeds this
 * @param clientCertificate whether a request on these paths needs a client certificate verified
 *     against the server's client CA ({@link ServerSettings#clientCaFile()}); others get 403
 * @param routesAnswerOversize whether the lane's routes answer an oversized body themselves (the
 *     webhook answers "always a review"): they then get the request with its {@code Content-Length}
 *     and no body (a chunked one: the first {@code maxBodyBytes + 1} bytes) instead of the server's
 *     plain-text 413
 */
public record Lane(
    String name,
    Set<String> paths,
    long maxBodyBytes,
    boolean clientCertificate,
    boolean routesAnswerOversize) {

  public Lane {
    Objects.requireNonNull(name, "name");
    paths = Set.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("lane " + name + " has no paths");
    }
    if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "lane " + name + ": maxBodyBytes " + maxBodyBytes + " is out of range");
    }
  }

  /** A lane open to any TLS client. */
  public static Lane of(String name, Set<String> paths, long maxBodyBytes) {
    return new Lane(name, paths, maxBodyBytes, false, false);
  }

  public Lane withClientCertificate(boolean required) {
    return new Lane(name, paths, maxBodyBytes, required, routesAnswerOversize);
  }

  public Lane withRoutesAnsweringOversize() {
    return new Lane(name, paths, maxBodyBytes, clientCertificate, true);
  }
}
