package io.powermanager.webhook;

/** Structured log keys of the webhook. */
final class LogKeys {
  static final String UID = "uid";
  static final String KIND = "kind";
  static final String OPERATION = "operation";
  static final String NAMESPACE = "namespace";
  static final String NAME = "name";
  static final String WEBHOOK = "webhook";
  static final String MESSAGE = "message";
  static final String STATUS = "status";
  static final String PORT = "port";
  static final String POWER_NAMESPACE = "powerNamespace";

  private LogKeys() {}
}
