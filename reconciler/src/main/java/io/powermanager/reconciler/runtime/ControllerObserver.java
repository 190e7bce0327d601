package io.powermanager.reconciler.runtime;

import java.time.Duration;

/** Told about every reconcile a {@link ControllerLoop} runs: for metrics. Thread-safe. */
public interface ControllerObserver {

  /** How a reconcile ended. */
  enum Outcome {
    DONE("done"),
    REQUEUE("requeue"),
    ERROR("error");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  void reconciled(String controller, Outcome outcome, Duration elapsed);

  ControllerObserver NONE = (controller, outcome, elapsed) -> {};
}
