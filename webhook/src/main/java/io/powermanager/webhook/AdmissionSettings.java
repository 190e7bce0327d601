package io.powermanager.webhook;

import io.powermanager.domain.KubernetesNames;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admission decisions depend on besides the cluster's state.
 *
 * @param powerNamespace the one namespace power objects live in
 * @param schedulerName when present, pods requesting a profile that chose no scheduler get this one
 */
public record AdmissionSettings(String powerNamespace, Optional<String> schedulerName) {

  public AdmissionSettings {
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(schedulerName, "schedulerName");
    if (!KubernetesNames.isDns1123Label(powerNamespace)) {
      throw new IllegalArgumentException(
          "powerNamespace \"" + powerNamespace + "\" is not a valid namespace name");
    }
    schedulerName = schedulerName.filter(s -> !s.isBlank()).map(String::strip);
  }

  public static AdmissionSettings of(String powerNamespace) {
    return new AdmissionSettings(powerNamespace, Optional.empty());
  }
}
