package io.powermanager.agent.podresources;

/** A gRPC call that ended with a status other than OK: the status code and its message. */
final class GrpcException extends Exception {

  /** gRPC status codes, in their wire order (grpc/doc/statuscodes.md). */
  enum Code {
    OK,
    CANCELLED,
    UNKNOWN,
    INVALID_ARGUMENT,
    DEADLINE_EXCEEDED,
    NOT_FOUND,
    ALREADY_EXISTS,
    PERMISSION_DENIED,
    RESOURCE_EXHAUSTED,
    FAILED_PRECONDITION,
    ABORTED,
    OUT_OF_RANGE,
    UNIMPLEMENTED,
    INTERNAL,
    UNAVAILABLE,
    DATA_LOSS,
    UNAUTHENTICATED;

    /** The code of a {@code grpc-status} value; {@link #UNKNOWN} for any other. */
    static Code of(String value) {
      try {
        int n = Integer.parseInt(value.trim());
        return n >= 0 && n < values().length ? values()[n] : UNKNOWN;
      } catch (NumberFormatException e) {
        return UNKNOWN;
      }
    }
  }

  private final Code code;
  private final String description;

  GrpcException(Code code, String description) {
    this(code, description, null);
  }

  GrpcException(Code code, String description, Throwable cause) {
    super(code + ": " + description, cause);
    this.code = code;
    this.description = description;
  }

  Code code() {
    return code;
  }

  /** The server's {@code grpc-message}, or what this client saw go wrong. */
  String description() {
    return description;
  }
}
