package io.powermanager.simulator.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message of kube-scheduler's {@code FitError}, which its {@code FailedScheduling} Events and
 * the pod's {@code PodScheduled} condition carry: {@code 0/<all nodes> nodes are available: <count>
 * <reason>, ...} with the reason histogram sorted as strings. Preemption is not simulated, so the
 * {@code preemption: ...} sentence kube-scheduler appends is absent. Pure.
 */
public final class FitMessage {

  private FitMessage() {}

  /**
   * @param allNodes how many nodes the cluster has
   * @param reasonsByNode every failing node's reasons
   */
  public static String of(int allNodes, Map<String, ? extends Collection<String>> reasonsByNode) {
    Map<String, Integer> histogram = new TreeMap<>();
    reasonsByNode.values().forEach(rs -> rs.forEach(r -> histogram.merge(r, 1, Integer::sum)));
    List<String> counted = new ArrayList<>();
    histogram.forEach((reason, count) -> counted.add(count + " " + reason));
    Collections.sort(counted);
    String message = "0/" + allNodes + " nodes are available";
    return counted.isEmpty() ? message + "." : message + ": " + String.join(", ", counted) + ".";
  }
}
