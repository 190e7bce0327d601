package io.powermanager.domain.capacity;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The power resources a node should advertise, and why.
 *
 * @param resources resource name ({@code power.intel.com/<profile>}) to CPU count, sorted by name;
 *     empty when the node must advertise none
 * @param reason why the node advertises what it does
 * @param message the reason for a person, naming the values involved
 * @param recheckAt when the plan changes by itself (the agent's heartbeat goes stale) unless an
 *     event comes first
 */
public record CapacityPlan(
    Map<String, Long> resources, Reason reason, String message, Optional<Instant> recheckAt) {

  /** Why a node advertises what it does. */
  public enum Reason {
    /** A power node with a live agent: its profiles are advertised. */
    ADVERTISED,
    /** No PowerConfig, or the node does not match its {@code powerNodeSelector}. */
    NOT_SELECTED,
    /** The node has no PowerNode heartbeat: no agent runs there. */
    NO_AGENT,
    /** The agent's heartbeat is older than {@code Heartbeat.STALE_AFTER}. */
    AGENT_STALE,
    /** The agent has not reported allocatable CPUs, or there are none. */
    NO_ALLOCATABLE_CPUS
  }

  public CapacityPlan {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recheckAt, "recheckAt");
    resources = Collections.unmodifiableMap(new TreeMap<>(resources));
  }

  static CapacityPlan none(Reason reason, String message) {
    return new CapacityPlan(Map.of(), reason, message, Optional.empty());
  }
}
