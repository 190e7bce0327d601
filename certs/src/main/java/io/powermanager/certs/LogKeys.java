package io.powermanager.certs;

/** Structured log keys of this module. */
final class LogKeys {
  static final String DIRECTORY = "directory";
  static final String SERIAL = "serial";
  static final String NOT_AFTER = "notAfter";
  static final String SUBJECT = "subject";
  static final String NAMESPACE = "namespace";
  static final String SECRET = "secret";
  static final String WEBHOOK_CONFIGURATION = "webhookConfiguration";
  static final String REASONS = "reasons";
  static final String ERROR = "error";

  private LogKeys() {}
}
