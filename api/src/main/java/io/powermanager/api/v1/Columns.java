package io.powermanager.api.v1;

/** JSON paths shared by the printer columns of the four kinds. */
final class Columns {

  /** The status of the {@code Ready} condition: True, False or Unknown. */
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";

  /** The object's age, as kubectl prints it by default. */
  static final String AGE = ".metadata.creationTimestamp";

  private Columns() {}
}
