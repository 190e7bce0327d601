package io.powermanager.webhook;

import io.powermanager.domain.KubernetesNames;
import io.powermanager.domain.rules.ImageAllowList;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admission decisions depend on besides the cluster's state.
 *
 * @param powerNamespace the one namespace power objects live in
 * @param schedulerName when present, pods requesting a profile that chose no scheduler get this one
 * @param agentImages the images a PowerConfig's {@code spec.powerImage} may name (the chart's
 *     {@code --agent-image-allow-list}); empty admits none, so the default agent image runs
 */
public record AdmissionSettings(
    String powerNamespace, Optional<String> schedulerName, ImageAllowList agentImages) {

  public AdmissionSettings {
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(agentImages, "agentImages");
    if (!KubernetesNames.isDns1123Label(powerNamespace)) {
      throw new IllegalArgumentException(
          "powerNamespace \"" + powerNamespace + "\" is not a valid namespace name");
    }
    schedulerName = schedulerName.filter(s -> !s.isBlank()).map(String::strip);
  }

  /** No scheduler assigned, and no agent image may be named in {@code spec.powerImage}. */
  public static AdmissionSettings of(String powerNamespace) {
    return new AdmissionSettings(powerNamespace, Optional.empty(), ImageAllowList.none());
  }

  public AdmissionSettings withAgentImages(ImageAllowList images) {
    return new AdmissionSettings(powerNamespace, schedulerName, images);
  }
}
