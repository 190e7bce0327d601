package io.powermanager.reconciler;

import io.powermanager.domain.rules.ImageAllowList;
import java.util.Objects;

/**
 * How the node agent DaemonSet runs.
 *
 * @param serviceAccountName the agent's ServiceAccount (the chart creates it and its RBAC)
 * @param cpuRequest e.g. {@code 50m}
 * @param memoryRequest e.g. {@code 96Mi}
 * @param memoryLimit e.g. {@code 128Mi}; the agent aims at 96 MiB RSS
 * @param terminationGracePeriodSeconds time the agent gets on SIGTERM to restore every CPU
 * @param imagePullPolicy {@code IfNotPresent}, {@code Always} or {@code Never}
 * @param allowedImages the images a PowerConfig's {@code spec.powerImage} may name besides the
 *     default agent image's repository, which is always allowed; a disallowed one (a PowerConfig
 *     that got around the webhook) deploys nothing
 */
public record AgentSettings(
    String serviceAccountName,
    String cpuRequest,
    String memoryRequest,
    String memoryLimit,
    long terminationGracePeriodSeconds,
    String imagePullPolicy,
    ImageAllowList allowedImages) {

  public static final AgentSettings DEFAULT =
      new AgentSettings(
          "power-node-agent", "50m", "96Mi", "128Mi", 30, "IfNotPresent", ImageAllowList.none());

  public AgentSettings {
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    Objects.requireNonNull(cpuRequest, "cpuRequest");
    Objects.requireNonNull(memoryRequest, "memoryRequest");
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    Objects.requireNonNull(allowedImages, "allowedImages");
    if (terminationGracePeriodSeconds < 1) {
      throw new IllegalArgumentException(
          "terminationGracePeriodSeconds must be positive, got " + terminationGracePeriodSeconds);
    }
  }

  public AgentSettings withAllowedImages(ImageAllowList images) {
    return new AgentSettings(
        serviceAccountName,
        cpuRequest,
        memoryRequest,
        memoryLimit,
        terminationGracePeriodSeconds,
        imagePullPolicy,
        images);
  }
}
