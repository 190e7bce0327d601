package io.powermanager.domain.capacity;

import io.powermanager.domain.CpuSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the capacity planner needs to know about one node.
 *
 * @param node the Kubernetes node name
 * @param selected whether a PowerConfig exists and the node's labels match its {@code
 *     powerNodeSelector}
 * @param heartbeat the last heartbeat of the node's agent (PowerNode {@code status.heartbeat});
 *     empty when there is no PowerNode or it carries none
 * @param allocatableCpus the CPUs the kubelet can give to containers (PowerNode {@code
 *     status.allocatableCPUs}); empty when the agent has not reported them
 */
public record NodeFacts(
    String node, boolean selected, Optional<Instant> heartbeat, Optional<CpuSet> allocatableCpus) {

  public NodeFacts {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(allocatableCpus, "allocatableCpus");
  }
}
