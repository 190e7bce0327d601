package io.powermanager.charts;

import java.util.List;

/** The value sets CI lints and renders (.ci/run does the same three). */
enum ValueSet {
  DEFAULTS(List.of()),
  CERT_MANAGER(List.of("--set", "certManager.enabled=true")),
  POWER_SCHEDULER(List.of("--set", "powerScheduler.enabled=true"));

  static final String RELEASE = "power-manager";
  static final String NAMESPACE = "power-system";

  private final List<String> args;

  ValueSet(List<String> args) {
    this.args = args;
  }

  List<String> args() {
    return args;
  }

  boolean certManager() {
    return this == CERT_MANAGER;
  }

  boolean powerScheduler() {
    return this == POWER_SCHEDULER;
  }
}
