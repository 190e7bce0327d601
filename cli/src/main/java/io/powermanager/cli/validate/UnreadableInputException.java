package io.powermanager.cli.validate;

/** Input that cannot be read as manifests at all: a missing file, broken YAML, not an object. */
final class UnreadableInputException extends Exception {
  UnreadableInputException(String message, Throwable cause) {
    super(message, cause);
  }

  UnreadableInputException(String message) {
    super(message);
  }
}
