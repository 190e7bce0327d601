package io.powermanager.extender.wire;

/** The request cannot be read as an {@link ExtenderArgs}; the message says which field and why. */
public class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BadRequestException(String message) {
    super(message);
  }

  public BadRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
