package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.CLUSTER;
import static io.powermanager.domain.rules.RuleFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {

  @Test
  void allowsTheSeedsPowerConfigAsTheFirst() {
    ConfigView c =
        new ConfigView(
            "power-config",
            "appqos:latest",
            Map.of("feature.node.kubernetes.io/appqos-node", "true"),
            List.of("performance"));
    assertThat(ConfigRules.check(c, StaticCatalog.unknown())).isEqualTo(RuleResult.ok());
    assertThat(ConfigRules.check(c, CLUSTER).allowed()).isTrue();
  }

  @Test
  void deniesASecondPowerConfigNamingTheFirst() {
    ConfigView c = new ConfigView("another", null, Map.of("a", "b"), List.of());
    assertThat(messages(ConfigRules.check(c, CLUSTER)))
        .containsExactly(
            "metadata.name: PowerConfig \"power-config\" already exists; only one PowerConfig is"
                + " allowed per cluster");
  }

  @Test
  void deniesNonBaseAndDuplicateProfileNames() {
    ConfigView c =
        new ConfigView(
            "power-config", null, Map.of("a", "b"), List.of("performance", "turbo", "performance"));
    assertThat(messages(ConfigRules.check(c, StaticCatalog.unknown())))
        .containsExactly(
            "spec.powerProfiles[1]: \"turbo\" is not a base profile; use performance,"
                + " balance-performance, balance-power (create other profiles as PowerProfile"
                + " objects)",
            "spec.powerProfiles[2]: \"performance\" is listed twice");
  }

  @Test
  void deniesAnInvalidSelectorAndWarnsAboutAnEmptyOne() {
    ConfigView bad = new ConfigView("c", null, Map.of("bad key", "x y"), List.of());
    assertThat(messages(ConfigRules.check(bad, StaticCatalog.unknown())))
        .containsExactly(
            "spec.powerNodeSelector: \"bad key\" is not a valid label key",
            "spec.powerNodeSelector: \"x y\" (for bad key) is not a valid label value");
    RuleResult empty =
        ConfigRules.check(new ConfigView("c", null, null, null), StaticCatalog.unknown());
    assertThat(empty.allowed()).isTrue();
    assertThat(empty.warnings()).hasSize(1);
  }
}
