package io.powermanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.powermanager.api.PowerResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class UncoreCrdTest {

  @Test
  void servesIntelsV1AndV1alpha1WithOneSchemaAndNoConversion() {
    // When
    CustomResourceDefinition crd = PowerResources.crd(Uncore.class);
    List<CustomResourceDefinitionVersion> versions = crd.getSpec().getVersions();

    // Then
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(versions)
        .extracting(CustomResourceDefinitionVersion::getName)
        .containsExactlyInAnyOrder("v1", "v1alpha1");
    assertThat(versions).allMatch(CustomResourceDefinitionVersion::getServed);
    assertThat(versions)
        .filteredOn(CustomResourceDefinitionVersion::getStorage)
        .extracting(CustomResourceDefinitionVersion::getName)
        .containsExactly("v1alpha1");
    assertThat(versions.get(0).getSchema()).isEqualTo(versions.get(1).getSchema());
    assertThat(versions.get(0).getAdditionalPrinterColumns())
        .isEqualTo(versions.get(1).getAdditionalPrinterColumns());
    assertThat(
            crd.getSpec().getConversion() == null
                || "None".equals(crd.getSpec().getConversion().getStrategy()))
        .isTrue();
  }
}
