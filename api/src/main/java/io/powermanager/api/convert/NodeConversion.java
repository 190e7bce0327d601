package io.powermanager.api.convert;

import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster-level components read from a PowerNode's status (written by that node's agent):
 * its hardware range, heartbeat and CPUs. Malformed fields read as absent, never throw: a status is
 * another component's output, not user input.
 */
public final class NodeConversion {

  private NodeConversion() {}

  /** The frequency range of each core type the agent reported. */
  public static List<HardwareRange> coreTypeRanges(PowerNode node) {
    List<HardwareRange> ranges = new ArrayList<>();
    NodeHardware hw = node.getStatus() == null ? null : node.getStatus().getHardware();
    if (hw == null || hw.getCoreTypes() == null) {
      return ranges;
    }
    for (CoreType t : hw.getCoreTypes()) {
      if (t.getCpuinfoMinMHz() == null
          || t.getCpuinfoMaxMHz() == null
          || t.getCpuinfoMinMHz() <= 0
          || t.getCpuinfoMinMHz() > t.getCpuinfoMaxMHz()) {
        continue;
      }
      ranges.add(
          new HardwareRange(
              Frequency.ofMhz(t.getCpuinfoMinMHz()),
              Frequency.ofMhz(t.getCpuinfoMaxMHz()),
              Optional.ofNullable(t.getBaseMHz()).filter(b -> b > 0).map(Frequency::ofMhz)));
    }
    return ranges;
  }

  /** The range every CPU of the node supports, for deriving extended profiles. */
  public static Optional<HardwareRange> commonRange(PowerNode node) {
    return HardwareRange.commonTo(coreTypeRanges(node));
  }

  /** The highest frequency any CPU of the node reaches. */
  public static Optional<Frequency> maxFrequency(PowerNode node) {
    return coreTypeRanges(node).stream().map(HardwareRange::max).max(Frequency::compareTo);
  }

  /** The lowest frequency any CPU of the node can be held at ({@code cpuinfo_min_freq}). */
  public static Optional<Frequency> minFrequency(PowerNode node) {
    return coreTypeRanges(node).stream().map(HardwareRange::min).min(Frequency::compareTo);
  }

  public static Optional<Instant> heartbeat(PowerNode node) {
    PowerNodeStatus status = node.getStatus();
    if (status == null || status.getHeartbeat() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(status.getHeartbeat()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The CPUs pods can get (online − reserved), as the agent read them from the kubelet. */
  public static Optional<CpuSet> allocatableCpus(PowerNode node) {
    return cpus(node.getStatus() == null ? null : node.getStatus().getAllocatableCPUs());
  }

  public static Optional<CpuSet> reservedCpus(PowerNode node) {
    return cpus(node.getStatus() == null ? null : node.getStatus().getReservedCPUs());
  }

  /** The name of the Kubernetes node this PowerNode describes. */
  public static String nodeName(PowerNode node) {
    if (node.getSpec() != null && node.getSpec().getNodeName() != null) {
      return node.getSpec().getNodeName();
    }
    return node.getMetadata().getName();
  }

  private static Optional<CpuSet> cpus(String cpulist) {
    if (cpulist == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CpuSet.parse(cpulist));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
