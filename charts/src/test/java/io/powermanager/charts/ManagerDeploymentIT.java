package io.powermanager.charts;

import static io.powermanager.charts.RenderedChart.name;
import static io.powermanager.charts.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.power.BaseProfile;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class ManagerDeploymentIT extends ChartFixture {

  private static final String CERT_DIR = "/var/run/power-manager/certs";

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void runsTwoReplicasOnDifferentNodesBehindADisruptionBudget(ValueSet values) {
    // Given
    RenderedChart chart = render(values);

    // When
    JsonNode deployment = chart.component("Deployment", "manager");
    JsonNode pdb = chart.component("PodDisruptionBudget", "manager");

    // Then
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
    assertThat(deployment.path("spec").path("replicas").asInt(0)).isEqualTo(2);
    assertThat(
            deployment
                .path("spec")
                .path("strategy")
                .path("rollingUpdate")
                .path("maxUnavailable")
                .asInt(-1))
        .isZero();
    JsonNode term =
        deployment
            .path("spec")
            .path("template")
            .path("spec")
            .path("affinity")
            .path("podAntiAffinity")
            .path("preferredDuringSchedulingIgnoredDuringExecution")
            .get(0)
            .path("podAffinityTerm");
    assertThat(term.path("topologyKey").asString("")).isEqualTo("kubernetes.io/hostname");
    assertSelects(term.path("labelSelector").path("matchLabels"), podLabels);
    assertSelects(deployment.path("spec").path("selector").path("matchLabels"), podLabels);
    assertSelects(pdb.path("spec").path("selector").path("matchLabels"), podLabels);
    assertThat(pdb.path("spec").path("maxUnavailable").asInt(0)).isEqualTo(1);
    for (String kind : List.of("Service")) {
      chart.ofKind(kind).forEach(s -> assertSelects(s.path("spec").path("selector"), podLabels));
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void probesHealthAndReadinessOverPlainHttpOnTheProbePort(ValueSet values) {
    // Given
    JsonNode manager = managerContainer(render(values));
    Map<String, String> flags = flags(manager);

    // When
    int probePort = port(manager, "probes");
    int httpsPort = port(manager, "https");

    // Then
    assertThat(flags)
        .containsEntry("--probe-port", String.valueOf(probePort))
        .containsEntry("--https-port", String.valueOf(httpsPort));
    assertThat(probe(manager, "livenessProbe")).isEqualTo("HTTP probes /healthz");
    assertThat(probe(manager, "startupProbe")).isEqualTo("HTTP probes /healthz");
    assertThat(probe(manager, "readinessProbe")).isEqualTo("HTTP probes /readyz");
    assertThat(httpsPort).isEqualTo(9443);
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void namesInItsFlagsTheObjectsTheChartRenders(ValueSet values) {
    // Given
    RenderedChart chart = render(values);
    JsonNode manager = managerContainer(chart);

    // When
    Map<String, String> flags = flags(manager);

    // Then
    assertThat(manager.path("args").get(0).asString("")).isEqualTo("manager");
    assertThat(flags)
        .containsEntry("--power-namespace", ValueSet.NAMESPACE)
        .containsEntry("--cert-dir", CERT_DIR)
        .containsEntry("--agent-image", manager.path("image").asString(""))
        .containsEntry("--leader-elect", "true")
        .containsEntry("--pod-name", "$(POD_NAME)")
        .containsEntry("--log-level", "info");
    assertThat(manager.path("image").asString(""))
        .isEqualTo("ghcr.io/power-manager/power-manager:0.1.0");
    JsonNode managerRole = chart.component("Role", "manager");
    assertThat(Rbac.grants(managerRole))
        .contains(
            "Role coordination.k8s.io/leases update [" + flags.get("--leader-election-id") + "]");
    if (values.certManager()) {
      assertThat(flags)
          .containsEntry("--cert-mode", "files")
          .doesNotContainKeys(
              "--webhook-secret",
              "--webhook-service",
              "--mutating-webhook-config",
              "--validating-webhook-config");
    } else {
      assertThat(flags).containsEntry("--cert-mode", "self");
      chart.one("Service", flags.get("--webhook-service"));
      chart.one("MutatingWebhookConfiguration", flags.get("--mutating-webhook-config"));
      chart.one("ValidatingWebhookConfiguration", flags.get("--validating-webhook-config"));
      assertThat(Rbac.grants(managerRole))
          .contains("Role /secrets update [" + flags.get("--webhook-secret") + "]");
    }
    if (values.powerScheduler()) {
      assertThat(flags).containsEntry("--scheduler-name", "power-scheduler");
    } else {
      assertThat(flags).doesNotContainKey("--scheduler-name");
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void mountsTheCertificatesWhereItsCertModeExpectsThem(ValueSet values) {
    // Given
    RenderedChart chart = render(values);
    JsonNode pod = chart.podSpec("Deployment", "manager");

    // When
    JsonNode certs = volume(pod, "certs");

    // Then
    assertThat(
            managerContainer(chart)
                .path("volumeMounts")
                .valueStream()
                .filter(m -> m.path("name").asString("").equals("certs"))
                .map(m -> m.path("mountPath").asString("")))
        .containsExactly(CERT_DIR);
    if (values.certManager()) {
      JsonNode certificate = servingCertificate(chart);
      assertThat(certs.path("secret").path("secretName").asString(""))
          .isEqualTo(certificate.path("spec").path("secretName").asString());
    } else {
      assertThat(certs.has("emptyDir")).isTrue();
    }
  }

  @Test
  void chainsCertManagerIssuersToAServingCertificateForBothServices() {
    // Given
    RenderedChart chart = render(ValueSet.CERT_MANAGER);

    // When
    JsonNode serving = servingCertificate(chart);

    // Then
    List<String> dnsNames = strings(serving.path("spec").path("dnsNames"));
    for (String component : List.of("webhook", "extender")) {
      String service = name(chart.component("Service", component));
      assertThat(dnsNames).contains(service + "." + ValueSet.NAMESPACE + ".svc");
    }
    JsonNode caIssuer =
        chart.one("Issuer", serving.path("spec").path("issuerRef").path("name").asString(""));
    String caSecret = caIssuer.path("spec").path("ca").path("secretName").asString("");
    JsonNode ca =
        chart
            .ofKind("Certificate")
            .filter(c -> c.path("spec").path("secretName").asString("").equals(caSecret))
            .findFirst()
            .orElseThrow();
    assertThat(ca.path("spec").path("isCA").asBoolean(false)).isTrue();
    JsonNode root =
        chart.one("Issuer", ca.path("spec").path("issuerRef").path("name").asString(""));
    assertThat(root.path("spec").has("selfSigned")).isTrue();
  }

  @Test
  void uninstallsThroughAPreDeleteHookWithItsOwnAccount() {
    // Given
    RenderedChart chart = render(ValueSet.DEFAULTS);

    // When
    JsonNode job = chart.component("Job", "uninstall");

    // Then
    JsonNode annotations = job.path("metadata").path("annotations");
    assertThat(annotations.path("helm.sh/hook").asString("")).isEqualTo("pre-delete");
    assertThat(annotations.path("helm.sh/hook-delete-policy").asString(""))
        .contains("before-hook-creation", "hook-succeeded");
    JsonNode pod = job.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    assertThat(strings(container.path("args")))
        .containsExactly(
            "uninstall",
            "--power-namespace=" + ValueSet.NAMESPACE,
            "--timeout=120s",
            "--log-level=info");
    assertThat(job.path("spec").path("activeDeadlineSeconds").asInt(0)).isGreaterThan(120);
    assertThat(pod.path("restartPolicy").asString("")).isEqualTo("Never");
    String account = pod.path("serviceAccountName").asString("");
    int jobWeight = Integer.parseInt(annotations.path("helm.sh/hook-weight").asString("0"));
    List<JsonNode> roles = Rbac.rolesBoundTo(chart, account);
    var accountAndRbac = new java.util.ArrayList<JsonNode>(roles);
    accountAndRbac.add(chart.one("ServiceAccount", account));
    chart
        .ofKind("ClusterRoleBinding")
        .filter(b -> name(b).equals(account))
        .forEach(accountAndRbac::add);
    chart.ofKind("RoleBinding").filter(b -> name(b).equals(account)).forEach(accountAndRbac::add);
    assertThat(accountAndRbac)
        .hasSize(5)
        .allSatisfy(
            o -> {
              JsonNode a = o.path("metadata").path("annotations");
              assertThat(a.path("helm.sh/hook").asString("")).isEqualTo("pre-delete");
              assertThat(Integer.parseInt(a.path("helm.sh/hook-weight").asString("0")))
                  .isLessThan(jobWeight);
            });
    var grants = new java.util.TreeSet<String>();
    roles.forEach(r -> grants.addAll(Rbac.grants(r)));
    assertThat(grants)
        .containsExactlyInAnyOrder(
            "ClusterRole /nodes get",
            "ClusterRole /nodes list",
            "ClusterRole /nodes/status patch",
            "Role power.intel.com/powerconfigs get",
            "Role power.intel.com/powerconfigs list",
            "Role power.intel.com/powerconfigs delete",
            "Role power.intel.com/powernodes list",
            "Role power.intel.com/powernodes delete",
            "Role apps/daemonsets get",
            "Role apps/daemonsets list",
            "Role apps/daemonsets watch",
            "Role /pods get",
            "Role /pods list",
            "Role /pods watch");
  }

  @Test
  void createsTheSeedsObjectsFromValuesOnUpgradeOnly() {
    // Given
    String[] seed = {
      "--set", "powerConfig.create=true",
      "--set", "sharedProfile.create=true",
      "--set", "sharedWorkloads[0].node=worker-1",
      "--set", "sharedWorkloads[0].reservedCPUs={0,1}",
    };
    var upgrade = new java.util.ArrayList<>(Arrays.asList(seed));
    upgrade.add("--is-upgrade");

    // When
    RenderedChart installed = render(ValueSet.DEFAULTS, seed);
    RenderedChart upgraded = render(upgrade);

    // Then
    assertThat(installed.ofKind("PowerConfig")).isEmpty();
    JsonNode config = upgraded.one("PowerConfig", "power-config");
    assertThat(strings(config.path("spec").path("powerProfiles")))
        .isSubsetOf(Arrays.stream(BaseProfile.values()).map(BaseProfile::profileName).toList());
    JsonNode shared = upgraded.one("PowerProfile", "shared");
    assertThat(shared.path("spec").path("epp").asString("")).isEqualTo("power");
    assertThat(shared.path("spec").path("min").asInt())
        .isLessThanOrEqualTo(shared.path("spec").path("max").asInt());
    JsonNode workload = upgraded.one("PowerWorkload", "shared-worker-1-workload");
    assertThat(workload.path("spec").path("name").asString(""))
        .isEqualTo("shared-worker-1-workload");
    assertThat(workload.path("spec").path("allCores").asBoolean(false)).isTrue();
    assertThat(workload.path("spec").path("reservedCPUs").valueStream().map(JsonNode::asInt))
        .containsExactly(0, 1);
    assertThat(
            workload
                .path("spec")
                .path("powerNodeSelector")
                .path("kubernetes.io/hostname")
                .asString(""))
        .isEqualTo("worker-1");
    assertThat(workload.path("spec").path("powerProfile").asString("")).isEqualTo("shared");
    for (JsonNode o : List.of(config, shared, workload)) {
      assertThat(o.path("metadata").path("namespace").asString("")).isEqualTo(ValueSet.NAMESPACE);
    }
  }

  /** The one Certificate that is not a CA: the serving certificate. */
  static JsonNode servingCertificate(RenderedChart chart) {
    List<JsonNode> serving =
        chart
            .ofKind("Certificate")
            .filter(c -> !c.path("spec").path("isCA").asBoolean(false))
            .toList();
    assertThat(serving).hasSize(1);
    return serving.get(0);
  }

  static JsonNode managerContainer(RenderedChart chart) {
    return chart.podSpec("Deployment", "manager").path("containers").get(0);
  }

  /** {@code --name=value} arguments as a map, in order. */
  static Map<String, String> flags(JsonNode container) {
    var flags = new LinkedHashMap<String, String>();
    for (String arg : strings(container.path("args"))) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flags.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return flags;
  }

  private static int port(JsonNode container, String name) {
    return container
        .path("ports")
        .valueStream()
        .filter(p -> p.path("name").asString("").equals(name))
        .mapToInt(p -> p.path("containerPort").asInt())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no port " + name));
  }

  private static String probe(JsonNode container, String kind) {
    JsonNode get = container.path(kind).path("httpGet");
    return get.path("scheme").asString("HTTP")
        + " "
        + get.path("port").asString("")
        + " "
        + get.path("path").asString("");
  }

  private static JsonNode volume(JsonNode pod, String name) {
    return pod.path("volumes")
        .valueStream()
        .filter(v -> v.path("name").asString("").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static void assertSelects(JsonNode selector, JsonNode labels) {
    assertThat(selector.propertyNames()).isNotEmpty();
    for (String key : selector.propertyNames()) {
      assertThat(labels.path(key).asString("")).as(key).isEqualTo(selector.path(key).asString());
    }
  }
}
