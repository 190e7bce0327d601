package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigStatus;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.kube.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The status of the active PowerConfig: the nodes its agents run on, {@code Active}, {@code Ready}
 * (the agent DaemonSet and base profiles are in place, with the image decision) and {@code
 * Degraded} (something asked for is held back: a profile kept because it is in use, extended
 * profiles whose names are too long to advertise). Pure.
 */
public final class ConfigStatuses {

  public static final String READY = "Ready";
  public static final String DEGRADED = "Degraded";

  /** Whether this PowerConfig is the cluster's one ({@link ConfigSingleton}). */
  public static final String ACTIVE = "Active";

  /** How many names a message lists before it says "and N more". */
  static final int SHOWN = 5;

  private ConfigStatuses() {}

  /**
   * What the reconciler found.
   *
   * @param powerNodes nodes that match the selector and whose agent's heartbeat is fresh, sorted
   * @param image the image decision
   * @param baseProfiles the base profiles in place, in the config's order
   * @param rules the config's rule check (without the singleton rule)
   * @param retained unlisted base profiles kept because they are in use, with their users
   * @param tooLong extended profile names that would exceed a profile name's limits
   */
  public record Facts(
      List<String> powerNodes,
      AgentImage image,
      List<BaseProfile> baseProfiles,
      RuleResult rules,
      Map<String, List<String>> retained,
      List<String> tooLong) {}

  public static PowerConfigStatus compute(PowerConfig config, Facts facts, Instant now) {
    Long generation = config.getMetadata().getGeneration();
    List<Condition> desired = new ArrayList<>();
    desired.add(
        Conditions.of(ACTIVE, true, "OldestPowerConfig", "the cluster's PowerConfig", generation));
    String profiles =
        facts.baseProfiles().isEmpty()
            ? "no base profiles"
            : "base profiles "
                + facts.baseProfiles().stream()
                    .map(BaseProfile::profileName)
                    .collect(Collectors.joining(", "));
    if (facts.rules().allowed()) {
      desired.add(
          Conditions.of(
              READY,
              true,
              "AgentDeployed",
              facts.image().reason() + "; " + profiles + " in place",
              generation));
    } else {
      desired.add(
          Conditions.of(
              READY,
              false,
              "InvalidSpec",
              facts.rules().message() + "; applied what is valid: " + profiles,
              generation));
    }
    List<String> held = new ArrayList<>();
    String reason = "AsExpected";
    if (!facts.retained().isEmpty()) {
      reason = "ProfilesInUse";
      facts
          .retained()
          .forEach(
              (profile, users) ->
                  held.add(
                      "base profile "
                          + profile
                          + " is no longer listed in spec.powerProfiles but is kept while "
                          + ProfileUsers.summary(users, SHOWN)
                          + " use it"));
    }
    if (!facts.tooLong().isEmpty()) {
      reason = held.isEmpty() ? "ProfileNamesTooLong" : reason;
      held.add(
          "extended profiles "
              + ProfileUsers.summary(facts.tooLong(), SHOWN)
              + " cannot exist: a profile name has at most 63 characters, so those nodes do not"
              + " advertise them");
    }
    desired.add(
        held.isEmpty()
            ? Conditions.of(DEGRADED, false, reason, "everything asked for is in place", generation)
            : Conditions.of(DEGRADED, true, reason, String.join("; ", held), generation));
    PowerConfigStatus current = config.getStatus();
    PowerConfigStatus next = new PowerConfigStatus();
    next.setNodes(List.copyOf(facts.powerNodes()));
    next.setConditions(
        Conditions.merge(current == null ? List.of() : current.getConditions(), desired, now));
    return next;
  }

  /**
   * The status of a PowerConfig that is ignored: {@code Active=False} and {@code Ready=False} with
   * {@code reason} and {@code message}, no nodes.
   */
  public static PowerConfigStatus duplicate(
      PowerConfig config, String reason, String message, Instant now) {
    Long generation = config.getMetadata().getGeneration();
    PowerConfigStatus current = config.getStatus();
    PowerConfigStatus next = new PowerConfigStatus();
    next.setNodes(List.of());
    next.setConditions(
        Conditions.merge(
            current == null ? List.of() : current.getConditions(),
            List.of(
                Conditions.of(ACTIVE, false, reason, message, generation),
                Conditions.of(READY, false, reason, message, generation)),
            now));
    return next;
  }

  /** Whether two statuses say the same (same nodes, same conditions including their times). */
  public static boolean same(PowerConfigStatus a, PowerConfigStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getNodes(), b.getNodes())
        && Objects.equals(a.getConditions(), b.getConditions());
  }
}
