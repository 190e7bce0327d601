package io.powermanager.charts;

import static io.powermanager.charts.RenderedChart.name;
import static io.powermanager.charts.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PowerSchedulerIT extends ChartFixture {

  @Test
  void rendersNoSchedulerUnlessEnabled() {
    // When
    RenderedChart chart = render(ValueSet.DEFAULTS);

    // Then
    assertThat(chart.objects()).noneMatch(o -> o.toString().contains("kube-scheduler"));
  }

  @Test
  void configuresAnExtenderThatPassesTheContractCheck() {
    // Given
    RenderedChart chart = render(ValueSet.POWER_SCHEDULER);

    // When
    List<String> problems = ExtenderConfigCheck.check(schedulerConfig(chart));

    // Then
    assertThat(problems).isEmpty();
  }

  @Test
  void callsTheExtenderServiceAndVerifiesItAgainstTheCertificatesCa() {
    // Given
    RenderedChart chart = render(ValueSet.POWER_SCHEDULER);
    JsonNode extender =
        RenderedChart.YAML.readTree(schedulerConfig(chart)).path("extenders").get(0);
    JsonNode pod = chart.podSpec("Deployment", "scheduler");

    // When
    URI url = URI.create(extender.path("urlPrefix").asString(""));
    JsonNode tls = extender.path("tlsConfig");

    // Then
    JsonNode service = chart.component("Service", "extender");
    assertThat(url.getHost()).isEqualTo(name(service) + "." + ValueSet.NAMESPACE + ".svc");
    assertThat(url.getPort())
        .isEqualTo(service.path("spec").path("ports").get(0).path("port").asInt());
    // the manager issues its certificate for the webhook Service's names (certs ServiceNames)
    assertThat(tls.path("serverName").asString(""))
        .isEqualTo(name(chart.component("Service", "webhook")) + "." + ValueSet.NAMESPACE + ".svc");
    String caFile = tls.path("caFile").asString("");
    JsonNode mount = mountOf(pod.path("containers").get(0), caFile);
    JsonNode volume =
        pod.path("volumes")
            .valueStream()
            .filter(v -> v.path("name").asString("").equals(mount.path("name").asString("")))
            .findFirst()
            .orElseThrow();
    String relative = caFile.substring(mount.path("mountPath").asString("").length() + 1);
    assertThat(volume.path("secret").path("secretName").asString(""))
        .isEqualTo(
            ManagerDeploymentIT.flags(ManagerDeploymentIT.managerContainer(chart))
                .get("--webhook-secret"));
    assertThat(
            volume
                .path("secret")
                .path("items")
                .valueStream()
                .map(i -> i.path("key").asString("") + "->" + i.path("path").asString("")))
        .as("only the CA, never the private keys of the Secret")
        .containsExactly("ca.crt->" + relative);
  }

  @Test
  void trustsCertManagersCaWhenCertManagerIssues() {
    // Given
    RenderedChart chart = render(ValueSet.CERT_MANAGER, "--set", "powerScheduler.enabled=true");
    JsonNode pod = chart.podSpec("Deployment", "scheduler");

    // When
    String secret =
        pod.path("volumes")
            .valueStream()
            .filter(v -> v.path("secret").has("items"))
            .map(v -> v.path("secret").path("secretName").asString(""))
            .findFirst()
            .orElseThrow();

    // Then
    JsonNode certificate = ManagerDeploymentIT.servingCertificate(chart);
    assertThat(secret).isEqualTo(certificate.path("spec").path("secretName").asString(""));
    assertThat(ExtenderConfigCheck.check(schedulerConfig(chart))).isEmpty();
  }

  @Test
  void hasTheManagerSendPowerPodsToThisScheduler() {
    // Given
    RenderedChart chart = render(ValueSet.POWER_SCHEDULER);
    JsonNode config = RenderedChart.YAML.readTree(schedulerConfig(chart));

    // When
    String profile = config.path("profiles").get(0).path("schedulerName").asString("");

    // Then
    assertThat(config.path("profiles")).hasSize(1);
    assertThat(ManagerDeploymentIT.flags(ManagerDeploymentIT.managerContainer(chart)))
        .containsEntry("--scheduler-name", profile);
    JsonNode election = config.path("leaderElection");
    assertThat(election.path("leaderElect").asBoolean(false)).isTrue();
    assertThat(election.path("resourceNamespace").asString("")).isEqualTo(ValueSet.NAMESPACE);
    String account =
        chart.podSpec("Deployment", "scheduler").path("serviceAccountName").asString("");
    assertThat(Rbac.rolesBoundTo(chart, account).stream().flatMap(r -> Rbac.grants(r).stream()))
        .contains(
            "Role coordination.k8s.io/leases create",
            "Role coordination.k8s.io/leases get ["
                + election.path("resourceName").asString("")
                + "]",
            "Role coordination.k8s.io/leases update ["
                + election.path("resourceName").asString("")
                + "]");
  }

  @Test
  void bindsTheBuiltInSchedulerRolesToItsAccount() {
    // Given
    RenderedChart chart = render(ValueSet.POWER_SCHEDULER);
    String account =
        chart.component("ServiceAccount", "scheduler").path("metadata").path("name").asString("");

    // When
    List<String> bound =
        java.util.stream.Stream.concat(
                chart.ofKind("ClusterRoleBinding"), chart.ofKind("RoleBinding"))
            .filter(
                b ->
                    b.path("subjects")
                        .valueStream()
                        .anyMatch(subject -> subject.path("name").asString("").equals(account)))
            .map(
                b ->
                    RenderedChart.kind(b)
                        + " "
                        + b.path("metadata").path("namespace").asString("-")
                        + " "
                        + b.path("roleRef").path("name").asString(""))
            .toList();

    // Then
    assertThat(bound)
        .contains(
            "ClusterRoleBinding - system:kube-scheduler",
            "ClusterRoleBinding - system:volume-scheduler",
            "RoleBinding kube-system extension-apiserver-authentication-reader");
  }

  @Test
  void runsKubeSchedulerOfTheConfiguredVersionWithItsConfiguration() {
    // Given
    RenderedChart chart =
        render(ValueSet.POWER_SCHEDULER, "--set", "powerScheduler.image.tag=v1.34.5");

    // When
    JsonNode container = chart.podSpec("Deployment", "scheduler").path("containers").get(0);

    // Then
    assertThat(container.path("image").asString(""))
        .isEqualTo("registry.k8s.io/kube-scheduler:v1.34.5");
    String configFlag =
        strings(container.path("command")).stream()
            .filter(a -> a.startsWith("--config="))
            .findFirst()
            .orElseThrow();
    String path = configFlag.substring("--config=".length());
    JsonNode mount = mountOf(container, path);
    String key = path.substring(mount.path("mountPath").asString("").length() + 1);
    assertThat(chart.component("ConfigMap", "scheduler").path("data").has(key)).isTrue();
  }

  @Test
  void presentsAClientCertificateThatTheManagerVerifiesWhenASecretIsNamed() {
    // Given
    RenderedChart chart =
        render(
            ValueSet.POWER_SCHEDULER,
            "--set",
            "powerScheduler.clientCertificateSecret=scheduler-client");
    RenderedChart without = render(ValueSet.POWER_SCHEDULER);

    // When
    JsonNode tls =
        RenderedChart.YAML
            .readTree(schedulerConfig(chart))
            .path("extenders")
            .get(0)
            .path("tlsConfig");
    JsonNode scheduler =
        chart.component("Deployment", "scheduler").path("spec").path("template").path("spec");
    JsonNode manager = ManagerDeploymentIT.managerContainer(chart);
    String clientCa = ManagerDeploymentIT.flags(manager).get("--extender-client-ca");

    // Then
    for (String file :
        List.of(tls.path("certFile").asString(""), tls.path("keyFile").asString(""))) {
      JsonNode mount = mountOf(scheduler.path("containers").get(0), file);
      assertThat(secretOf(scheduler, mount)).isEqualTo("scheduler-client");
    }
    assertThat(clientCa).isNotNull();
    JsonNode managerPod =
        chart.component("Deployment", "manager").path("spec").path("template").path("spec");
    assertThat(secretOf(managerPod, mountOf(manager, clientCa))).isEqualTo("scheduler-client");
    assertThat(
            RenderedChart.YAML
                .readTree(schedulerConfig(without))
                .path("extenders")
                .get(0)
                .path("tlsConfig")
                .has("certFile"))
        .isFalse();
    assertThat(ManagerDeploymentIT.flags(ManagerDeploymentIT.managerContainer(without)))
        .doesNotContainKey("--extender-client-ca");
  }

  private static String secretOf(JsonNode pod, JsonNode mount) {
    return pod.path("volumes")
        .valueStream()
        .filter(v -> v.path("name").asString("").equals(mount.path("name").asString("")))
        .findFirst()
        .orElseThrow()
        .path("secret")
        .path("secretName")
        .asString("");
  }

  private static String schedulerConfig(RenderedChart chart) {
    JsonNode data = chart.component("ConfigMap", "scheduler").path("data");
    assertThat(data.propertyNames()).hasSize(1);
    return data.values().iterator().next().asString("");
  }

  /** The volume mount whose path is a parent directory of {@code file}. */
  private static JsonNode mountOf(JsonNode container, String file) {
    return container
        .path("volumeMounts")
        .valueStream()
        .filter(m -> file.startsWith(m.path("mountPath").asString("") + "/"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted where " + file + " is"));
  }
}
