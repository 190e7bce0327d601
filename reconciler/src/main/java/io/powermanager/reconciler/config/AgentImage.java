package io.powermanager.reconciler.config;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.rules.ImageAllowList;
import java.util.Objects;

/**
 * Which image the agent DaemonSet runs. {@code spec.powerImage} is honoured when it names an image
 * — except the seed's {@code appqos:latest} (any image whose repository is {@code appqos}): that is
 * Intel's App QoS server, which power-manager replaced with its own agent, so the seed's
 * PowerConfig would otherwise deploy a container that cannot do the job. Then, and when the field
 * is absent or blank, the configured agent image runs. The reason is shown in the PowerConfig's
 * Ready condition.
 *
 * <p>With an allow-list ({@link #choose(String, String, ImageAllowList)}) an image outside it — a
 * PowerConfig that got around the webhook — is {@linkplain #refused() refused}: nothing is
 * deployed, {@link #rules()} carries the violation for the status. Pure.
 */
public record AgentImage(String image, String reason, RuleResult rules) {

  /** The repository name of the seed's App QoS image. */
  static final String APP_QOS_REPOSITORY = "appqos";

  public AgentImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(rules, "rules");
  }

  public AgentImage(String image, String reason) {
    this(image, reason, RuleResult.ok());
  }

  /**
   * Whether the image is outside the allow-list: no DaemonSet may be created or updated with it.
   */
  public boolean refused() {
    return !rules.allowed();
  }

  /**
   * {@link #choose(String, String)}, unless {@code spec.powerImage} is outside {@code allowed} and
   * the configured image's repository: then the image is refused.
   */
  public static AgentImage choose(
      String powerImage, String configuredImage, ImageAllowList allowed) {
    RuleResult check = allowed.including(configuredImage).check(powerImage);
    if (check.allowed()) {
      return choose(powerImage, configuredImage);
    }
    return new AgentImage(
        powerImage.strip(),
        check.message()
            + "; the agent DaemonSet is neither created nor updated with it (ask the cluster"
            + " administrator to add the repository to agent.imageAllowList)",
        check);
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
