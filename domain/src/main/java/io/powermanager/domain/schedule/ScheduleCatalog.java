package io.powermanager.domain.schedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the schedule rules look up about the cluster: every PowerSchedule and TimeOfDay, and the
 * nodes' labels (to find two schedules on one node). Implementations must be thread-safe when the
 * caller is concurrent.
 */
public interface ScheduleCatalog {

  /** Every schedule of both kinds. */
  List<ScheduleView> schedules();

  /** Every node's labels by name; empty when the nodes are unknown (offline). */
  Optional<Map<String, Map<String, String>>> nodeLabels();

  /** A catalog that knows no schedule and no node. */
  static ScheduleCatalog none() {
    return of(List.of(), Optional.empty());
  }

  /** A fixed catalog. */
  static ScheduleCatalog of(
      List<ScheduleView> schedules, Optional<Map<String, Map<String, String>>> nodeLabels) {
    List<ScheduleView> copy = List.copyOf(schedules);
    return new ScheduleCatalog() {
      @Override
      public List<ScheduleView> schedules() {
        return copy;
      }

      @Override
      public Optional<Map<String, Map<String, String>>> nodeLabels() {
        return nodeLabels;
      }
    };
  }
}
