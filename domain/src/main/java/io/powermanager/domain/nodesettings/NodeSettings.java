package io.powermanager.domain.nodesettings;

import io.powermanager.domain.power.FrequencyBound;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one PowerNodeSettings asks of a node: turbo on, off or left alone, and the limits every
 * frequency window the agent writes in {@code scope} is clamped into.
 *
 * @param name the object's name, for conditions and Events
 * @param turbo the turbo switch
 * @param min the lowest frequency a window may start at; empty: no floor
 * @param max the highest frequency a window may reach; empty: no ceiling
 * @param scope which CPUs the limits clamp
 */
public record NodeSettings(
    String name,
    Turbo turbo,
    Optional<FrequencyBound> min,
    Optional<FrequencyBound> max,
    Scope scope) {

  public NodeSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(turbo, "turbo");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(scope, "scope");
  }

  /** {@code spec.turbo}. */
  public enum Turbo {
    ENABLED,
    DISABLED,
    UNCHANGED;

    /** As the API writes it: {@code Enabled}. */
    public String wire() {
      String n = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
  }

  /** {@code spec.limitScope}. */
  public enum Scope {
    /** Shared, exclusive and reserved-group CPUs. */
    TUNED_CPUS,
    /** Also default and untuned reserved CPUs. */
    ALL_CPUS
  }

  /** Whether there are limits at all. */
  public boolean limits() {
    return min.isPresent() || max.isPresent();
  }
}
