package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
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

  @Test
  void profileNameScannerAgreesWithTheGrammarOnGeneratedNames() {
    // Given
    Pattern grammar = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    Random random = new Random(20_261_130L);
    List<String> names = new ArrayList<>(List.of("", "a", "-", ".", "a.b", "a-", "x".repeat(63)));
    String alphabet = "az09-.A_/";
    for (int i = 0; i < 100_000; i++) {
      int length = random.nextInt(10) == 0 ? 55 + random.nextInt(15) : random.nextInt(8);
      StringBuilder name = new StringBuilder();
      for (int c = 0; c < length; c++) {
        name.append(
            random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'a');
      }
      names.add(name.toString());
    }

    // When
    List<String> different =
        names.stream()
            .filter(
                n ->
                    PowerNames.isValidProfileName(n)
                        != (n.length() <= PowerProfile.MAX_NAME_LENGTH
                            && grammar.matcher(n).matches()
                            && KubernetesNames.isQualifiedName(PowerNames.RESOURCE_PREFIX + n)))
            .toList();

    // Then
    assertThat(different).isEmpty();
    assertThat(names.stream().filter(PowerNames::isValidProfileName).count()).isGreaterThan(10_000);
  }
}
