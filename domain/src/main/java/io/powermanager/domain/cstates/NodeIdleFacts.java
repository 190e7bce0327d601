package io.powermanager.domain.cstates;

import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What admission knows of one power node's idle states (from its PowerNode {@code
 * status.hardware}).
 *
 * @param node the node's name
 * @param states its idle states, shallowest first (empty when it has no cpuidle)
 * @param online its online CPUs
 * @param reserved the CPUs its kubelet reserves
 */
public record NodeIdleFacts(String node, List<IdleState> states, CpuSet online, CpuSet reserved) {

  public NodeIdleFacts {
    Objects.requireNonNull(node, "node");
    states = List.copyOf(states);
    Objects.requireNonNull(online, "online");
    Objects.requireNonNull(reserved, "reserved");
  }

  public boolean hasCpuidle() {
    return !states.isEmpty();
  }

  public Optional<IdleState> state(String name) {
    return states.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
