package io.powermanager.domain.cstates;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one layer asks of a CPU's idle states: explicit states by name, or a latency bound.
 * Immutable.
 */
public sealed interface CStateRequest {

  /**
   * The disable value this request gives {@code state}, given the lower layers' value.
   *
   * @param lower whether the lower layers leave the state disabled
   */
  boolean disabled(IdleState state, boolean lower);

  /**
   * States by name: {@code true} enabled, {@code false} disabled; states not named keep the lower
   * layers' value, names the CPU lacks are ignored.
   */
  record Names(Map<String, Boolean> enabled) implements CStateRequest {
    public Names {
      enabled = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(enabled)));
    }

    @Override
    public boolean disabled(IdleState state, boolean lower) {
      Boolean on = enabled.get(state.name());
      return on == null ? lower : !on;
    }

    @Override
    public String toString() {
      return enabled.toString();
    }
  }

  /**
   * Every state whose exit latency exceeds {@code maxLatencyUs} is disabled; the others keep the
   * lower layers' value (a state the kernel or the admin keeps off stays off).
   */
  record MaxLatency(long maxLatencyUs) implements CStateRequest {
    public MaxLatency {
      if (maxLatencyUs < 0) {
        throw new IllegalArgumentException("maxLatencyUs " + maxLatencyUs + " is negative");
      }
    }

    @Override
    public boolean disabled(IdleState state, boolean lower) {
      return state.latencyUs() > maxLatencyUs || lower;
    }

    @Override
    public String toString() {
      return "maxLatencyUs " + maxLatencyUs;
    }
  }
}
