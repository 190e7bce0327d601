package io.powermanager.agent.podresources;

/** A PodResources call that failed, classified for the caller's retry decision. */
public final class PodResourcesException extends Exception {

  /** Why the call failed. */
  public enum Kind {
    /** No kubelet answers on the socket (missing socket, kubelet restarting): retry later. */
    UNAVAILABLE,
    /** The kubelet's rate limit still refused after the adapter's backoff: retry later. */
    RATE_LIMITED,
    /** The kubelet does not offer this RPC ({@code Get} before 1.34 or gated off). */
    UNSUPPORTED,
    /** Anything else (deadline, internal error). */
    FAILED
  }

  private final Kind kind;

  public PodResourcesException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
