package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PowerNamesTest {

  @Test
  void namesResourcesProfilesAndWorkloads() {
    assertThat(PowerNames.resourceName("performance")).isEqualTo("power.intel.com/performance");
    assertThat(PowerNames.profileOf("power.intel.com/balance-power")).contains("balance-power");
    assertThat(PowerNames.profileOf("power.intel.com/")).isEmpty();
    assertThat(PowerNames.profileOf("cpu")).isEmpty();
    assertThat(PowerNames.extendedProfileName("performance", "example-node"))
        .isEqualTo("performance-example-node");
    assertThat(PowerNames.workloadName("performance", "example-node"))
        .isEqualTo("performance-example-node-workload");
    assertThat(PowerNames.sharedWorkloadName("node-1")).isEqualTo("shared-node-1-workload");
    assertThat(PowerNames.isSharedWorkloadName("shared-node-1-workload")).isTrue();
    assertThat(PowerNames.isSharedWorkloadName("performance-node-1-workload")).isFalse();
  }

  @Test
  void profileNamesMustFitAnExtendedResourceName() {
    assertThat(PowerNames.isValidProfileName("balance-performance")).isTrue();
    assertThat(PowerNames.isValidProfileName("shared-example-node1")).isTrue();
    assertThat(PowerNames.isValidProfileName("Performance")).isFalse();
    assertThat(PowerNames.isValidProfileName("a_b")).isFalse();
    assertThat(PowerNames.isValidProfileName("x".repeat(63))).isTrue();
    assertThat(PowerNames.isValidProfileName("x".repeat(64))).isFalse();
  }
}
