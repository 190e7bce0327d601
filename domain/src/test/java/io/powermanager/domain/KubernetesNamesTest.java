package io.powermanager.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

  @Test
  void acceptsAndRejectsObjectNames() {
    assertThat(KubernetesNames.isDns1123Subdomain("shared-node-1-workload")).isTrue();
    assertThat(KubernetesNames.isDns1123Subdomain("a.b-c")).isTrue();
    assertThat(KubernetesNames.isDns1123Subdomain("shared-<NODE_NAME>-workload")).isFalse();
    assertThat(KubernetesNames.isDns1123Subdomain("Upper")).isFalse();
    assertThat(KubernetesNames.isDns1123Subdomain("x".repeat(254))).isFalse();
    assertThat(KubernetesNames.isDns1123Label("power-manager")).isTrue();
    assertThat(KubernetesNames.isDns1123Label("a.b")).isFalse();
  }

  @Test
  void acceptsAndRejectsLabelKeysAndValues() {
    assertThat(KubernetesNames.isQualifiedName("kubernetes.io/hostname")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("feature.node.kubernetes.io/appqos-node")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("power.intel.com/balance-power")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("/x")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("a/b/c")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("-x")).isFalse();
    assertThat(KubernetesNames.isLabelValue("true")).isTrue();
    assertThat(KubernetesNames.isLabelValue("")).isTrue();
    assertThat(KubernetesNames.isLabelValue("a b")).isFalse();
  }
}
