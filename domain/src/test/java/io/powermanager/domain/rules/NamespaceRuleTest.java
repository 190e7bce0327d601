package io.powermanager.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespaceRuleTest {

  @Test
  void deniesPowerObjectsOutsideThePowerNamespace() {
    assertThat(NamespaceRule.check("PowerProfile", "x", "power-manager", "power-manager").allowed())
        .isTrue();
    assertThat(NamespaceRule.check("PowerProfile", "x", "default", "power-manager").message())
        .isEqualTo(
            "metadata.namespace: PowerProfile \"x\" is in namespace \"default\"; power objects"
                + " belong in namespace \"power-manager\"");
  }
}
