package io.powermanager.certs;

/** Certificate or key material that cannot be parsed, generated or used; the message names it. */
public final class CertificateMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CertificateMaterialException(String message) {
    super(message);
  }

  public CertificateMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
