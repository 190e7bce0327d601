package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigStatus;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.Violation;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigStatusesTest {

  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final AgentImage IMAGE = AgentImage.choose("appqos:latest", "pm:1");

  @Test
  void aValidConfigIsReadyAndNamesTheImageDecisionAndItsProfiles() {
    // Given
    PowerConfig config = config(3L);

    // When
    PowerConfigStatus status = ConfigStatuses.compute(config, facts(List.of("n1", "n2")), T0);

    // Then
    assertThat(status.getNodes()).containsExactly("n1", "n2");
    Condition ready = condition(status, "Ready");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("AgentDeployed");
    assertThat(ready.getMessage()).contains("App QoS").contains("base profiles performance");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
    Condition degraded = condition(status, "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("False");
    assertThat(degraded.getReason()).isEqualTo("AsExpected");
  }

  @Test
  void ruleViolationsMakeItNotReadyWithEveryMessage() {
    // Given
    RuleResult rules =
        RuleResult.of(
            List.of(new Violation("spec.powerProfiles[1]", "\"turbo\" is not a base profile")));

    // When
    PowerConfigStatus status =
        ConfigStatuses.compute(
            config(1L),
            new ConfigStatuses.Facts(
                List.of(), IMAGE, List.of(BaseProfile.PERFORMANCE), rules, Map.of(), List.of()),
            T0);

    // Then
    Condition ready = condition(status, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage())
        .contains("spec.powerProfiles[1]: \"turbo\" is not a base profile")
        .contains("applied what is valid: base profiles performance");
  }

  @Test
  void retainedProfilesAndOverlongNamesDegradeIt() {
    // Given
    ConfigStatuses.Facts facts =
        new ConfigStatuses.Facts(
            List.of("n1"),
            IMAGE,
            List.of(BaseProfile.PERFORMANCE),
            RuleResult.ok(),
            Map.of("balance-power", List.of("pod a/b", "pod a/c")),
            List.of("performance-" + "x".repeat(60)));

    // When
    Condition degraded = condition(ConfigStatuses.compute(config(1L), facts, T0), "Degraded");

    // Then
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("ProfilesInUse");
    assertThat(degraded.getMessage())
        .contains("base profile balance-power is no longer listed")
        .contains("pod a/b, pod a/c")
        .contains("at most 63 characters");
  }

  @Test
  void anUnchangedStatusKeepsItsTransitionTimesAndComparesEqual() {
    // Given
    PowerConfig config = config(1L);
    config.setStatus(ConfigStatuses.compute(config, facts(List.of("n1")), T0));

    // When
    PowerConfigStatus later =
        ConfigStatuses.compute(config, facts(List.of("n1")), T0.plusSeconds(600));

    // Then
    assertThat(ConfigStatuses.same(config.getStatus(), later)).isTrue();
  }

  @Test
  void aFlippedConditionGetsANewTransitionTimeAndTheOtherKeepsItsOwn() {
    // Given
    PowerConfig config = config(1L);
    config.setStatus(ConfigStatuses.compute(config, facts(List.of("n1")), T0));
    ConfigStatuses.Facts degradedFacts =
        new ConfigStatuses.Facts(
            List.of("n1"),
            IMAGE,
            List.of(BaseProfile.PERFORMANCE),
            RuleResult.ok(),
            Map.of("balance-power", List.of("pod a/b")),
            List.of());

    // When
    PowerConfigStatus next = ConfigStatuses.compute(config, degradedFacts, T0.plusSeconds(60));

    // Then
    assertThat(condition(next, "Degraded").getLastTransitionTime())
        .isEqualTo("2026-11-29T10:01:00Z");
    assertThat(condition(next, "Ready").getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(ConfigStatuses.same(config.getStatus(), next)).isFalse();
  }

  private static ConfigStatuses.Facts facts(List<String> nodes) {
    return new ConfigStatuses.Facts(
        nodes, IMAGE, List.of(BaseProfile.PERFORMANCE), RuleResult.ok(), Map.of(), List.of());
  }

  private static PowerConfig config(long generation) {
    PowerConfig c = Fixtures.seedConfig();
    c.getMetadata().setGeneration(generation);
    return c;
  }

  private static Condition condition(PowerConfigStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
