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
        spec.getPowerProfiles());
  }
}
