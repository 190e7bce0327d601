package io.powermanager.api.convert;

import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.domain.rules.ConfigView;
import java.util.Optional;

/** PowerConfig custom resource → the rules' view. Stateless. */
public final class ConfigConversion {

  private ConfigConversion() {}

  public static ConfigView view(PowerConfig cr) {
    PowerConfigSpec spec = Optional.ofNullable(cr.getSpec()).orElseGet(PowerConfigSpec::new);
    return new ConfigView(
        cr.getMetadata() == null ? null : cr.getMetadata().getName(),
        spec.getPowerImage(),
        spec.getPowerNodeSelector(),
        spec.getPowerProfiles(),
        spec.getCustomDevices());
  }

  /**
   * The {@code customDevices} of the active PowerConfig among {@code configs} (the oldest, as the
   * reconciler picks it; names sorted for ties); empty when there is none.
   */
  public static java.util.List<String> customDevices(java.util.Collection<PowerConfig> configs) {
    return configs.stream()
        .filter(c -> c.getMetadata() != null && c.getMetadata().getDeletionTimestamp() == null)
        .min(
            java.util.Comparator.comparing(
                    (PowerConfig c) ->
                        c.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : c.getMetadata().getCreationTimestamp())
                .thenComparing(c -> c.getMetadata().getName()))
        .map(c -> c.getSpec() == null ? null : c.getSpec().getCustomDevices())
        .map(java.util.List::copyOf)
        .orElse(java.util.List.of());
  }
}
