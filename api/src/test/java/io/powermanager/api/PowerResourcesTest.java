package io.powermanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerResourcesTest {

  @Test
  void listsTheKindsInDependencyOrder() {
    // When
    var kinds = PowerResources.kinds();

    // Then
    assertThat(kinds)
        .containsExactly(
            PowerConfig.class,
            PowerProfile.class,
            PowerWorkload.class,
            PowerNode.class,
            io.powermanager.api.v1alpha1.Uncore.class,
            CStates.class,
            PowerSchedule.class,
            TimeOfDay.class,
            io.powermanager.api.v1alpha1.PowerNodeSettings.class);
  }

  @Test
  void findsTheGeneratedCrdOfAKindOnTheClasspath() {
    // When
    String path = PowerResources.crdPath(PowerNode.class);

    // Then
    assertThat(path).isEqualTo("/META-INF/fabric8/powernodes.power.intel.com-v1.yml");
    assertThat(PowerResources.class.getResource(path)).isNotNull();
  }

  @Test
  void loadsTheCrdsOfAllKindsInKindOrder() {
    // When
    List<CustomResourceDefinition> crds = PowerResources.crds();

    // Then
    assertThat(crds)
        .extracting(crd -> crd.getSpec().getNames().getKind())
        .containsExactly(
            "PowerConfig",
            "PowerProfile",
            "PowerWorkload",
            "PowerNode",
            "Uncore",
            "CStates",
            "PowerSchedule",
            "TimeOfDay",
            "PowerNodeSettings");
  }
}
