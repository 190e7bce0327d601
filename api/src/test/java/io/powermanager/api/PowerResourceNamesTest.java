package io.powermanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowerResourceNamesTest {

  @Test
  void namesTheExtendedResourceOfAProfile() {
    // When
    String name = PowerResourceNames.forProfile("performance-node-a");

    // Then
    assertThat(name).isEqualTo("power.intel.com/performance-node-a");
  }

  @Test
  void readsTheProfileBackFromItsResourceName() {
    // When
    var profile = PowerResourceNames.profileOf("power.intel.com/balance-power");

    // Then
    assertThat(profile).contains("balance-power");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"cpu", "memory", "power.intel.com/", "intel.com/sriov", "xpower.intel.com/x"})
  void findsNoProfileInOtherResourceNames(String resourceName) {
    // When
    var profile = PowerResourceNames.profileOf(resourceName);

    // Then
    assertThat(profile).isEmpty();
  }
}
