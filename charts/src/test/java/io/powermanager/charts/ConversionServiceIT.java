package io.powermanager.charts;

import static io.powermanager.charts.ManagerDeploymentIT.flags;
import static io.powermanager.charts.ManagerDeploymentIT.managerContainer;
import static io.powermanager.charts.ManagerDeploymentIT.servingCertificate;
import static io.powermanager.charts.RenderedChart.name;
import static io.powermanager.charts.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The CRDs' conversion webhook: a Service of its own that reaches the manager before it is ready
 * (the manager's informers list v1alpha1 through it), named to the manager, which points the CRDs
 * at it; with cert-manager, the CRDs' CA comes from cert-manager's injector.
 */
class ConversionServiceIT extends ChartFixture {

  private static final List<String> CONVERTED =
      List.of(
          "powerconfigs.power.intel.com",
          "powerprofiles.power.intel.com",
          "powerworkloads.power.intel.com",
          "powernodes.power.intel.com");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void publishesNotReadyManagerPodsOnTheHttpsPortTheManagerIsTold(ValueSet values) {
    // Given
    RenderedChart chart = render(values);
    JsonNode container = managerContainer(chart);
    Map<String, String> flags = flags(container);

    // When
    JsonNode service = chart.component("Service", "conversion");

    // Then
    assertThat(name(service)).isEqualTo(flags.get("--conversion-service"));
    assertThat(service.path("spec").path("publishNotReadyAddresses").asBoolean(false)).isTrue();
    JsonNode podLabels =
        chart.component("Deployment", "manager").path("spec").path("template").path("metadata");
    JsonNode selector = service.path("spec").path("selector");
    assertThat(selector.propertyNames()).isNotEmpty();
    for (String key : selector.propertyNames()) {
      assertThat(podLabels.path("labels").path(key).asString(""))
          .as(key)
          .isEqualTo(selector.path(key).asString());
    }
    JsonNode port = service.path("spec").path("ports").get(0);
    assertThat(String.valueOf(port.path("port").asInt()))
        .isEqualTo(flags.get("--conversion-service-port"));
    assertThat(port.path("targetPort").asString("")).isEqualTo("https");
    assertThat(container.path("ports").valueStream().map(p -> p.path("name").asString("")))
        .contains("https");
    JsonNode webhook = chart.component("Service", "webhook");
    assertThat(webhook.path("spec").path("publishNotReadyAddresses").asBoolean(false))
        .as("admission stays on ready pods")
        .isFalse();
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void letsTheManagerPatchOnlyTheConvertedCrds(ValueSet values) {
    // Given
    RenderedChart chart = render(values);

    // When
    List<String> grants = Rbac.grants(chart.component("ClusterRole", "manager"));

    // Then
    String names = CONVERTED.toString().replace(", ", ",");
    assertThat(grants)
        .contains("ClusterRole apiextensions.k8s.io/customresourcedefinitions patch " + names)
        .contains("ClusterRole apiextensions.k8s.io/customresourcedefinitions get " + names)
        .noneMatch(g -> g.matches(".*customresourcedefinitions (patch|update)$"));
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void leavesTheCrdsCaToCertManagerWhenItIssuesTheCertificate(ValueSet values) {
    // Given
    RenderedChart chart = render(values);

    // When
    Map<String, String> flags = flags(managerContainer(chart));

    // Then
    if (values.certManager()) {
      JsonNode serving = servingCertificate(chart);
      assertThat(flags)
          .containsEntry("--cert-mode", "files")
          .containsEntry("--conversion-inject-ca-from", ValueSet.NAMESPACE + "/" + name(serving));
      assertThat(strings(serving.path("spec").path("dnsNames")))
          .contains(flags.get("--conversion-service") + "." + ValueSet.NAMESPACE + ".svc");
    } else {
      assertThat(flags)
          .containsEntry("--cert-mode", "self")
          .doesNotContainKey("--conversion-inject-ca-from");
    }
  }
}
