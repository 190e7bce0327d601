package io.powermanager.reconciler.config;

import java.util.Objects;

/**
 * Which image the agent DaemonSet runs. {@code spec.powerImage} is honoured when it names an image
 * — except the seed's {@code appqos:latest} (any image whose repository is {@code appqos}): that is
 * Intel's App QoS server, which power-manager replaced with its own agent, so the seed's
 * PowerConfig would otherwise deploy a container that cannot do the job. Then, and when the field
 * is absent or blank, the configured agent image runs. The reason is shown in the PowerConfig's
 * Ready condition. Pure.
 */
public record AgentImage(String image, String reason) {

  /** The repository name of the seed's App QoS image. */
  static final String APP_QOS_REPOSITORY = "appqos";

  public AgentImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(reason, "reason");
  }

  public static AgentImage choose(String powerImage, String configuredImage) {
    if (powerImage == null || powerImage.isBlank()) {
      return new AgentImage(
          configuredImage,
          "spec.powerImage is not set, so the agent runs the configured image " + configuredImage);
    }
    String image = powerImage.strip();
    if (APP_QOS_REPOSITORY.equals(repositoryName(image))) {
      return new AgentImage(
          configuredImage,
          "spec.powerImage \""
              + image
              + "\" is the App QoS image of the original Intel operator, which power-manager does"
              + " not use; the agent runs the configured image "
              + configuredImage
              + " instead");
    }
    return new AgentImage(image, "the agent runs " + image + " from spec.powerImage");
  }

  /** {@code registry:5000/team/appqos:1.2@sha256:...} → {@code appqos}. */
  static String repositoryName(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int slash = s.lastIndexOf('/');
    String last = slash >= 0 ? s.substring(slash + 1) : s;
    int colon = last.indexOf(':');
    return colon >= 0 ? last.substring(0, colon) : last;
  }
}
