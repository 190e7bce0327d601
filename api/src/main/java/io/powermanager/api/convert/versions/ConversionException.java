package io.powermanager.api.convert.versions;

/** An object that cannot be converted; the message says why and is shown to the API client. */
public final class ConversionException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConversionException(String message) {
    super(message);
  }
}
