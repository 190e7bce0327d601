package io.powermanager.reconciler.config;

import io.powermanager.api.v1alpha1.PowerConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which PowerConfig is the cluster's one: the oldest by {@code creationTimestamp}, ties broken by
 * name. A PowerConfig being deleted ({@code deletionTimestamp} set) is no longer a candidate. Every
 * other one is a duplicate that got past the webhook: ignored, never deleted (its status says which
 * one is active). Pure.
 */
public final class ConfigSingleton {

  private static final Comparator<PowerConfig> OLDEST_FIRST =
      Comparator.comparing(ConfigSingleton::created)
          .thenComparing(c -> Objects.requireNonNullElse(c.getMetadata().getName(), ""));

  private ConfigSingleton() {}

  public static Optional<PowerConfig> active(Collection<PowerConfig> configs) {
    return configs.stream()
        .filter(c -> c.getMetadata() != null && c.getMetadata().getDeletionTimestamp() == null)
        .min(OLDEST_FIRST);
  }

  /** Creation time; an object without one (never stored) sorts last. */
  static Instant created(PowerConfig config) {
    String ts = config.getMetadata().getCreationTimestamp();
    if (ts == null) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
