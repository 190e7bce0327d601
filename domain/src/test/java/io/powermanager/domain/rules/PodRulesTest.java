package io.powermanager.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.PowerProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRulesTest {

  private static final PowerCatalog CATALOG =
      StaticCatalog.builder()
          .profile(BaseProfile.PERFORMANCE.asProfile())
          .profile(BaseProfile.BALANCE_POWER.asProfile())
          .profile(
              ((PowerProfile.Valid) PowerProfile.of("shared", 1000L, 1500L, "power", null, null))
                  .profile())
          .profile(
              ((PowerProfile.Valid)
                      PowerProfile.of("turbo", 3000L, 5000L, "performance", null, null))
                  .profile())
          .profile(
              ((PowerProfile.Valid) PowerProfile.of("crawl", 400L, 600L, "performance", null, null))
                  .profile())
          .powerNodeMaximum(Frequency.ofMhz(3800))
          .powerNodeMinimum(Frequency.ofMhz(800))
          .build();

  static ContainerView container(String name, String cpu, String memory, String... power) {
    Map<String, String> resources = new HashMap<>();
    if (cpu != null) {
      resources.put("cpu", cpu);
    }
    if (memory != null) {
      resources.put("memory", memory);
    }
    for (int i = 0; i < power.length; i += 2) {
      resources.put("power.intel.com/" + power[i], power[i + 1]);
    }
    return new ContainerView(name, resources, resources);
  }

  static PodView pod(ContainerView... containers) {
    return new PodView("default", "example-power-pod", Map.of(), List.of(containers), List.of());
  }

  @Test
  void allowsTheSeedsExamplePod() {
    // Given
    PodView pod = pod(container("example-power-container", "2", "200Mi", "performance", "2"));

    // When
    RuleResult result = PodRules.check(pod, CATALOG);

    // Then
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void allowsPodsThatRequestNoProfile() {
    PodView pod = pod(new ContainerView("app", Map.of("cpu", "500m"), Map.of()));
    assertThat(PodRules.check(pod, CATALOG)).isEqualTo(RuleResult.ok());
  }

  @Test
  void deniesProfileCountThatDiffersFromCpus() {
    // Given
    PodView pod = pod(container("app", "2", "1Gi", "performance", "1"));

    // When
    RuleResult result = PodRules.check(pod, CATALOG);

    // Then
    assertThat(result.message())
        .isEqualTo(
            "spec.containers[0] \"app\": 2 CPUs requested but power.intel.com/performance is 1;"
                + " they must be equal");
  }

  @Test
  void deniesProfileUnitsOutOfRangeNamingTheFieldAndTheValue() {
    // Given: 1e308 and 2^63 would wrap to a negative long
    PodView pod =
        pod(
            container("app", "2", "1Gi", "performance", "1e308"),
            container("db", "9223372036854775808", "1Gi", "performance", "2"));

    // When
    RuleResult result = PodRules.check(pod, CATALOG);

    // Then
    assertThat(result.message())
        .isEqualTo(
            "spec.containers[0] \"app\": power.intel.com/performance request \"1e308\" is out of"
                + " range (at most 9223372036854775807); spec.containers[1] \"db\": cpu limit"
                + " \"9223372036854775808\" is out of range (at most 9223372036854775807)");
  }

  @Test
  void deniesFractionalCpus() {
    PodView pod = pod(container("app", "1500m", "1Gi", "performance", "2"));
    assertThat(PodRules.check(pod, CATALOG).message())
        .isEqualTo(
            "spec.containers[0] \"app\": cpu request 1500m is not a whole number of CPUs;"
                + " power.intel.com/performance needs exclusive cores, which only integer CPU"
                + " requests get");
  }

  @Test
  void deniesNonGuaranteedPods() {
    // Given: the sidecar has no memory limit and a cpu request below its limit
    ContainerView sidecar =
        new ContainerView("sidecar", Map.of("cpu", "100m"), Map.of("cpu", "200m"));
    PodView pod = pod(container("app", "2", "1Gi", "performance", "2"), sidecar);

    // When
    RuleResult result = PodRules.check(pod, CATALOG);

    // Then
    assertThat(result.violations())
        .extracting(Object::toString)
        .containsExactly(
            "spec.containers[1] \"sidecar\": cpu request 100m differs from its limit 200m; a pod"
                + " that uses power profiles must be Guaranteed (requests equal to limits)",
            "spec.containers[1] \"sidecar\": memory limit is missing; a pod that uses power"
                + " profiles must be Guaranteed (cpu and memory requests equal to limits in every"
                + " container)");
  }

  @Test
  void defaultsAMissingRequestToTheLimitLikeTheApiServer() {
    // Given: limits only
    ContainerView app =
        new ContainerView(
            "app",
            Map.of(),
            Map.of("cpu", "2", "memory", "1Gi", "power.intel.com/performance", "2"));

    // When
    RuleResult result = PodRules.check(pod(app), CATALOG);

    // Then
    assertThat(result.allowed()).isTrue();
  }

  @Test
  void deniesProfileRequestWithoutLimit() {
    ContainerView app =
        new ContainerView(
            "app",
            Map.of("cpu", "2", "memory", "1Gi", "power.intel.com/performance", "2"),
            Map.of("cpu", "2", "memory", "1Gi"));
    assertThat(PodRules.check(pod(app), CATALOG).message())
        .isEqualTo(
            "spec.containers[0] \"app\": power.intel.com/performance is requested (2) but has no"
                + " limit; set the limit equal to the request");
  }

  @Test
  void deniesProfileRequestDifferentFromItsLimit() {
    ContainerView app =
        new ContainerView(
            "app",
            Map.of("cpu", "2", "memory", "1Gi", "power.intel.com/performance", "2"),
            Map.of("cpu", "2", "memory", "1Gi", "power.intel.com/performance", "3"));
    assertThat(PodRules.check(pod(app), CATALOG).message())
        .isEqualTo(
            "spec.containers[0] \"app\": power.intel.com/performance request 2 differs from its"
                + " limit 3; they must be equal");
  }

  @Test
  void deniesFractionalProfileUnits() {
    assertThat(
            PodRules.check(pod(container("app", "2", "1Gi", "performance", "500m")), CATALOG)
                .message())
        .isEqualTo(
            "spec.containers[0] \"app\": power.intel.com/performance is 500m; profile units must"
                + " be a whole number of CPUs above 0");
  }

  @Test
  void deniesTwoProfilesInOneContainer() {
    PodView pod = pod(container("app", "2", "1Gi", "performance", "2", "balance-power", "2"));
    assertThat(PodRules.check(pod, CATALOG).violations())
        .extracting(Object::toString)
        .containsExactly(
            "spec.containers[0] \"app\": requests 2 power profiles (power.intel.com/balance-power,"
                + " power.intel.com/performance); a container may use only one");
  }

  @Test
  void allowsDifferentProfilesInDifferentContainers() {
    PodView pod =
        pod(
            container("a", "2", "1Gi", "performance", "2"),
            container("b", "1", "1Gi", "balance-power", "1"));
    assertThat(PodRules.check(pod, CATALOG).allowed()).isTrue();
  }

  @Test
  void deniesUnknownProfile() {
    PodView pod = pod(container("app", "2", "1Gi", "turbo-x", "2"));
    assertThat(PodRules.check(pod, CATALOG).message())
        .isEqualTo("spec.containers[0] \"app\": power profile \"turbo-x\" does not exist");
  }

  @Test
  void skipsTheExistenceCheckWhenProfilesAreUnknown() {
    PodView pod = pod(container("app", "2", "1Gi", "turbo-x", "2"));
    assertThat(PodRules.check(pod, StaticCatalog.unknown()).allowed()).isTrue();
  }

  @Test
  void deniesRequestingASharedProfile() {
    PodView pod = pod(container("app", "2", "1Gi", "shared", "2"));
    assertThat(PodRules.check(pod, CATALOG).message())
        .isEqualTo(
            "spec.containers[0] \"app\": power profile \"shared\" is a shared profile and tunes"
                + " the shared pool; containers cannot request it");
  }

  @Test
  void reportsEveryViolationInOneMessage() {
    PodView pod =
        pod(container("a", "2", "1Gi", "performance", "1"), container("b", "3", null, "nope", "3"));
    assertThat(PodRules.check(pod, CATALOG).violations()).hasSize(3);
    assertThat(PodRules.check(pod, CATALOG).message()).contains("; spec.containers[1] \"b\"");
  }

  @Test
  void warnsAboutKubeSystemPods() {
    PodView pod =
        new PodView(
            "kube-system",
            "x",
            Map.of(),
            List.of(container("app", "2", "1Gi", "performance", "2")),
            List.of());
    RuleResult result = PodRules.check(pod, CATALOG);
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings()).singleElement().asString().startsWith("pod in kube-system");
  }

  @Test
  void warnsWhenNoPowerNodeReachesTheProfileMax() {
    RuleResult result = PodRules.check(pod(container("app", "2", "1Gi", "turbo", "2")), CATALOG);
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings())
        .containsExactly(
            "power profile \"turbo\" max 5000 MHz exceeds the hardware of every power node"
                + " (highest 3800 MHz); no node can tune it");
  }

  @Test
  void warnsWhenEveryPowerNodeIsAboveTheProfileMin() {
    RuleResult result = PodRules.check(pod(container("app", "2", "1Gi", "crawl", "2")), CATALOG);
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings())
        .containsExactly(
            "power profile \"crawl\" min 400 MHz is below the hardware of every power node"
                + " (lowest 800 MHz); no node can tune it");
  }

  @Test
  void warnsAboutInitContainersRequestingProfiles() {
    PodView pod =
        new PodView(
            "default",
            "p",
            Map.of(),
            List.of(container("app", "2", "1Gi", "performance", "2")),
            List.of(container("init", "1", "1Gi", "performance", "1")));
    RuleResult result = PodRules.check(pod, CATALOG);
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings()).singleElement().asString().startsWith("init container \"init\"");
  }
}
