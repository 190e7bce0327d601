package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.power.BaseProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomDevicesTest {

  private static final String ISOLCPUS = "windriver.com/isolcpus";
  private static final StaticCatalog DEVICES =
      StaticCatalog.builder()
          .knowsProfiles()
          .profile(BaseProfile.PERFORMANCE.asProfile())
          .customDevices(List.of(ISOLCPUS))
          .build();

  private static PodView pod(Map<String, String> resources) {
    return new PodView(
        "default",
        "dev",
        Map.of(),
        List.of(new ContainerView("app", resources, resources)),
        List.of());
  }

  @Test
  void aBestEffortPodWithDeviceCpusIsAdmittedWhenItsUnitsMatch() {
    PodView p = pod(Map.of(ISOLCPUS, "2", "power.intel.com/performance", "2"));
    assertThat(PodRules.check(p, DEVICES).allowed()).isTrue();
  }

  @Test
  void deviceUnitsMustEqualProfileUnitsInTheMismatchsWords() {
    PodView p = pod(Map.of(ISOLCPUS, "2", "power.intel.com/performance", "1"));
    assertThat(messages(PodRules.check(p, DEVICES)))
        .containsExactly(
            "spec.containers[0] \"app\": 2 windriver.com/isolcpus requested but"
                + " power.intel.com/performance is 1; they must be equal");
  }

  @Test
  void withoutTheDeviceInTheConfigTheGuaranteedRuleStillApplies() {
    PodView p = pod(Map.of(ISOLCPUS, "2", "power.intel.com/performance", "2"));
    StaticCatalog none =
        StaticCatalog.builder()
            .knowsProfiles()
            .profile(BaseProfile.PERFORMANCE.asProfile())
            .build();
    assertThat(messages(PodRules.check(p, none)))
        .anyMatch(m -> m.contains("cpu limit is missing; a pod that uses power profiles must be"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cpu | \"cpu\" is a native resource, not a device plugin's",
        "power.intel.com/performance | \"power.intel.com/performance\" is a power profile resource;"
            + " list the device plugin's resource",
        "isolcpus | \"isolcpus\" is not an extended resource name (a domain outside kubernetes.io, a"
            + " slash and a name, e.g. windriver.com/isolcpus)",
        "kubernetes.io/cpus | \"kubernetes.io/cpus\" is not an extended resource name (a domain"
            + " outside kubernetes.io, a slash and a name, e.g. windriver.com/isolcpus)",
      })
  void refusesNamesThatAreNotADevicePluginsResource(String name, String problem) {
    ConfigView c =
        new ConfigView("power-config", null, Map.of("a", "b"), List.of(), List.of(name, ISOLCPUS));
    assertThat(messages(ConfigRules.check(c, StaticCatalog.builder().build())))
        .containsExactly("spec.customDevices[0]: " + problem);
  }

  @Test
  void refusesADuplicate() {
    ConfigView c =
        new ConfigView(
            "power-config", null, Map.of("a", "b"), List.of(), List.of(ISOLCPUS, ISOLCPUS));
    assertThat(messages(ConfigRules.check(c, StaticCatalog.builder().build())))
        .containsExactly("spec.customDevices[1]: \"windriver.com/isolcpus\" is listed twice");
  }
}
