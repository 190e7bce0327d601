package io.powermanager.webhook;

/**
 * An admitted object does not fit its kind's schema (a wrong JSON type somewhere). The message is
 * the path suffix and reason, e.g. {@code .spec.containers: Cannot deserialize ...}.
 */
final class ObjectDecodingException extends RuntimeException {
  ObjectDecodingException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
