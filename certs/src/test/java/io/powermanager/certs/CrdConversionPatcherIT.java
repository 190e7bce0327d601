package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class CrdConversionPatcherIT {
  private static final String PROFILES = "powerprofiles.power.intel.com";
  private static final String WORKLOADS = "powerworkloads.power.intel.com";
  private static final ConversionService SERVICE =
      new ConversionService("intel-power", "power-manager-conversion", "/convert", 443);

  KubernetesClient client;

  /** A CRD as the chart's crds/ installs it: a conversion webhook at {@code clientConfig}. */
  static CustomResourceDefinition crd(String name, String service) {
    String plural = name.substring(0, name.indexOf('.'));
    return Serialization.unmarshal(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %s}
        spec:
          group: power.intel.com
          names: {kind: K, plural: %s}
          scope: Namespaced
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig:
                service: %s
                caBundle: Y2FpbmplY3Rvcg==
          versions:
          - {name: v1, served: true, storage: true}
        """
            .formatted(name, plural, service),
        CustomResourceDefinition.class);
  }

  private CustomResourceDefinition get(String name) {
    return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
  }

  private void create(CustomResourceDefinition crd) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  @Test
  void inCertManagerModeSetsTheServiceAndInjectCaFromAndLeavesTheCaBundleToTheInjector() {
    // Given
    create(crd(PROFILES, "{name: power-manager, namespace: power-manager, path: /convert}"));
    create(crd(WORKLOADS, "{name: power-manager, namespace: power-manager, path: /convert}"));
    var patcher = new CrdConversionPatcher(client, SERVICE, List.of(PROFILES, WORKLOADS));

    // When
    var first = patcher.injectCaFrom("intel-power/power-manager-serving");
    var second = patcher.injectCaFrom("intel-power/power-manager-serving");

    // Then
    for (String name : List.of(PROFILES, WORKLOADS)) {
      var crd = get(name);
      assertThat(crd.getMetadata().getAnnotations())
          .containsEntry(CrdConversionPatcher.INJECT_CA_FROM, "intel-power/power-manager-serving");
      var clientConfig = crd.getSpec().getConversion().getWebhook().getClientConfig();
      assertThat(clientConfig.getCaBundle()).isEqualTo("Y2FpbmplY3Rvcg==");
      assertThat(clientConfig.getService().getName()).isEqualTo("power-manager-conversion");
      assertThat(clientConfig.getService().getNamespace()).isEqualTo("intel-power");
      assertThat(clientConfig.getService().getPath()).isEqualTo("/convert");
      assertThat(clientConfig.getService().getPort()).isEqualTo(443);
    }
    assertThat(first)
        .containsExactly(
            "CustomResourceDefinition/" + PROFILES, "CustomResourceDefinition/" + WORKLOADS);
    assertThat(second).isEmpty();
  }

  @Test
  void withSelfManagedCertificatesSetsTheServiceAndTheCaBundle() {
    // Given
    create(crd(PROFILES, "{name: power-manager, namespace: power-manager}"));
    var patcher = new CrdConversionPatcher(client, SERVICE, List.of(PROFILES));

    // When
    var first = patcher.injectCaBundle("bmV3Q0E=");
    var second = patcher.injectCaBundle("bmV3Q0E=");

    // Then
    var crd = get(PROFILES);
    var clientConfig = crd.getSpec().getConversion().getWebhook().getClientConfig();
    assertThat(clientConfig.getCaBundle()).isEqualTo("bmV3Q0E=");
    assertThat(clientConfig.getService().getName()).isEqualTo("power-manager-conversion");
    assertThat(clientConfig.getService().getPort()).isEqualTo(443);
    assertThat(
            crd.getMetadata().getAnnotations() == null
                ? java.util.Map.of()
                : crd.getMetadata().getAnnotations())
        .doesNotContainKey(CrdConversionPatcher.INJECT_CA_FROM);
    assertThat(first).hasSize(1);
    assertThat(second).isEmpty();
  }

  @Test
  void leavesAbsentCrdsAndStrategyNoneAlone() {
    // Given
    CustomResourceDefinition none = crd(PROFILES, "{name: x, namespace: y}");
    none.getSpec().getConversion().setStrategy("None");
    none.getSpec().getConversion().setWebhook(null);
    create(none);
    var patcher = new CrdConversionPatcher(client, SERVICE, List.of(PROFILES, WORKLOADS));

    // When
    var patched = patcher.injectCaFrom("intel-power/serving");

    // Then
    assertThat(patched).isEmpty();
    assertThat(get(PROFILES).getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void refusesAnInjectCaFromThatIsNotNamespaceSlashCertificate() {
    var patcher = new CrdConversionPatcher(client, SERVICE, List.of(PROFILES));
    assertThatThrownBy(() -> patcher.injectCaFrom("serving"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<namespace>/<certificate>");
  }
}
