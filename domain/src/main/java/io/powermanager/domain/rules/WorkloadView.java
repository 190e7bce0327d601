package io.powermanager.domain.rules;

import java.util.List;
import java.util.Map;

/**
 * A PowerWorkload as the rules see it. CPU id lists are raw numbers (possibly invalid) so the rules
 * can name the bad one.
 */
public record WorkloadView(
    String metadataName,
    String specName,
    boolean allCores,
    List<Long> reservedCpus,
    Map<String, String> powerNodeSelector,
    String powerProfile,
    String nodeName,
    List<Long> cpuIds,
    List<ReservedGroup> reservedGroups) {

  /** A workload without reserved groups. */
  public WorkloadView(
      String metadataName,
      String specName,
      boolean allCores,
      List<Long> reservedCpus,
      Map<String, String> powerNodeSelector,
      String powerProfile,
      String nodeName,
      List<Long> cpuIds) {
    this(
        metadataName,
        specName,
        allCores,
        reservedCpus,
        powerNodeSelector,
        powerProfile,
        nodeName,
        cpuIds,
        List.of());
  }

  public WorkloadView {
    reservedGroups = reservedGroups == null ? List.of() : List.copyOf(reservedGroups);
    reservedCpus =
        reservedCpus == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reservedCpus));
    powerNodeSelector = powerNodeSelector == null ? Map.of() : Map.copyOf(powerNodeSelector);
    cpuIds =
        cpuIds == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cpuIds));
  }
}
