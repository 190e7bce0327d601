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
    List<Long> cpuIds) {

  public WorkloadView {
    reservedCpus = reservedCpus == null ? List.of() : List.copyOf(reservedCpus);
    powerNodeSelector = powerNodeSelector == null ? Map.of() : Map.copyOf(powerNodeSelector);
    cpuIds = cpuIds == null ? List.of() : List.copyOf(cpuIds);
  }
}
