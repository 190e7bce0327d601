package io.powermanager.charts;

import static io.powermanager.charts.RenderedChart.id;
import static io.powermanager.charts.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Least privilege and pod hardening of everything the chart renders. The node agent, the one
 * privileged container, is not in the chart: the PowerConfig reconciler creates its DaemonSet, and
 * the reconciler module tests that one.
 */
class ChartSecurityIT extends ChartFixture {

  private static final List<String> STANDARD_LABELS =
      List.of(
          "app.kubernetes.io/name",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/version",
          "app.kubernetes.io/managed-by",
          "app.kubernetes.io/part-of");

  /** The only built-in roles the chart binds: the secondary kube-scheduler's. */
  private static final Set<String> BUILT_IN_ROLES =
      Set.of(
          "system:kube-scheduler",
          "system:volume-scheduler",
          "extension-apiserver-authentication-reader");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void labelsEveryObjectAndPodTemplateTheStandardWay(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    var softly = new SoftAssertions();
    assertThat(chart.objects()).hasSizeGreaterThan(10);
    for (JsonNode o : chart.objects()) {
      JsonNode labels = o.path("metadata").path("labels");
      softly.assertThat(labels.propertyNames()).as(id(o)).containsAll(STANDARD_LABELS);
      softly
          .assertThat(labels.path("app.kubernetes.io/instance").asString(""))
          .as(id(o))
          .isEqualTo(ValueSet.RELEASE);
      softly
          .assertThat(labels.path("app.kubernetes.io/managed-by").asString(""))
          .as(id(o))
          .isEqualTo("Helm");
      softly
          .assertThat(labels.path("app.kubernetes.io/part-of").asString(""))
          .as(id(o))
          .isEqualTo("power-manager");
    }
    for (var pod : podTemplates(chart)) {
      softly
          .assertThat(pod.getValue().propertyNames())
          .as(pod.getKey())
          .containsAll(STANDARD_LABELS);
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void grantsNoWildcardVerbResourceOrGroup(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    var softly = new SoftAssertions();
    var roles = new ArrayList<JsonNode>();
    chart.ofKind("ClusterRole").forEach(roles::add);
    chart.ofKind("Role").forEach(roles::add);
    assertThat(roles).isNotEmpty();
    for (JsonNode role : roles) {
      assertThat(role.path("aggregationRule").isMissingNode()).as(id(role)).isTrue();
      for (JsonNode rule : role.path("rules")) {
        for (String field : List.of("verbs", "resources", "apiGroups", "resourceNames")) {
          softly
              .assertThat(strings(rule.path(field)))
              .as("%s rule %s", id(role), field)
              .noneMatch(v -> v.contains("*"));
        }
        softly.assertThat(strings(rule.path("verbs"))).as(id(role)).isNotEmpty();
        softly.assertThat(rule.has("nonResourceURLs")).as(id(role)).isFalse();
        softly
            .assertThat(strings(rule.path("verbs")))
            .as("%s may not escalate, bind or impersonate", id(role))
            .doesNotContain("escalate", "bind", "impersonate");
      }
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void bindsOnlyItsOwnRolesAndTheSchedulersBuiltInOnes(ValueSet values) {
    // Given
    RenderedChart chart = render(values);
    var own = new TreeSet<String>();
    chart.ofKind("ClusterRole").forEach(r -> own.add("ClusterRole/" + RenderedChart.name(r)));
    chart.ofKind("Role").forEach(r -> own.add("Role/" + RenderedChart.name(r)));

    // When
    var bound = new ArrayList<String>();
    chart.ofKind("ClusterRoleBinding").forEach(b -> bound.add(roleRef(b)));
    chart.ofKind("RoleBinding").forEach(b -> bound.add(roleRef(b)));

    // Then
    assertThat(bound)
        .allSatisfy(
            ref ->
                assertThat(own.contains(ref) || BUILT_IN_ROLES.contains(ref.split("/", 2)[1]))
                    .as("%s is neither rendered by the chart nor a kube-scheduler role", ref)
                    .isTrue());
    if (!values.powerScheduler()) {
      assertThat(bound).noneMatch(ref -> ref.contains("system:"));
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void givesEveryContainerRequestsLimitsAndARestrictedSecurityContext(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    var softly = new SoftAssertions();
    assertThat(chart.containers()).hasSizeGreaterThanOrEqualTo(values.powerScheduler() ? 3 : 2);
    for (var entry : chart.containers()) {
      String at = entry.getKey();
      JsonNode c = entry.getValue();
      softly.assertThat(c.path("resources").path("requests").has("cpu")).as(at).isTrue();
      softly.assertThat(c.path("resources").path("requests").has("memory")).as(at).isTrue();
      softly.assertThat(c.path("resources").path("limits").has("memory")).as(at).isTrue();
      JsonNode sc = c.path("securityContext");
      softly.assertThat(sc.isObject()).as("%s securityContext", at).isTrue();
      softly.assertThat(sc.path("privileged").asBoolean(false)).as(at + " privileged").isFalse();
      softly
          .assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
          .as(at + " allowPrivilegeEscalation")
          .isFalse();
      softly.assertThat(sc.path("runAsNonRoot").asBoolean(false)).as(at).isTrue();
      softly.assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false)).as(at).isTrue();
      softly.assertThat(strings(sc.path("capabilities").path("drop"))).as(at).contains("ALL");
      softly.assertThat(sc.path("capabilities").has("add")).as(at + " adds capabilities").isFalse();
      softly
          .assertThat(sc.path("seccompProfile").path("type").asString(""))
          .as(at)
          .isEqualTo("RuntimeDefault");
    }
    for (var pod : chart.podSpecs()) {
      JsonNode spec = pod.getValue();
      for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
        softly.assertThat(spec.path(host).asBoolean(false)).as(pod.getKey() + " " + host).isFalse();
      }
      softly
          .assertThat(spec.path("volumes").valueStream().filter(v -> v.has("hostPath")))
          .as("%s hostPath volumes", pod.getKey())
          .isEmpty();
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void runsTheManagerAsNonRootOnAReadOnlyRootWithoutCapabilities(ValueSet values) {
    // Given
    RenderedChart chart = render(values);

    // When
    JsonNode pod = chart.podSpec("Deployment", "manager");
    JsonNode manager = pod.path("containers").get(0);

    // Then
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean(false)).isTrue();
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asString(""))
        .isEqualTo("RuntimeDefault");
    JsonNode sc = manager.path("securityContext");
    assertThat(sc.path("runAsNonRoot").asBoolean(false)).isTrue();
    assertThat(sc.path("runAsUser").asInt(0)).isPositive();
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false)).isTrue();
    assertThat(strings(sc.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(sc.path("seccompProfile").path("type").asString("")).isEqualTo("RuntimeDefault");
    assertThat(bytes(manager.path("resources").path("limits").path("memory").asString("0")))
        .as("memory limit: the manager aims at 384 MiB RSS at 5,000 nodes")
        .isGreaterThanOrEqualTo(bytes("384Mi"));
    // the only writable paths: the cert dir (self mode) and /tmp, both emptyDir
    var writable = new TreeSet<String>();
    for (JsonNode mount : manager.path("volumeMounts")) {
      if (!mount.path("readOnly").asBoolean(false)) {
        writable.add(mount.path("mountPath").asString(""));
      }
    }
    assertThat(writable)
        .isEqualTo(
            values.certManager() ? Set.of("/tmp") : Set.of("/tmp", "/var/run/power-manager/certs"));
  }

  @Test
  void grantsTheAgentWhatItReadsAndWritesOnItsNode() {
    // Given
    RenderedChart chart = render(ValueSet.DEFAULTS);

    // When
    JsonNode account = chart.one("ServiceAccount", "power-node-agent");
    var grants = new TreeSet<String>();
    Rbac.rolesBoundTo(chart, "power-node-agent").forEach(role -> grants.addAll(Rbac.grants(role)));

    // Then
    assertThat(account.path("metadata").path("namespace").asString(""))
        .isEqualTo(ValueSet.NAMESPACE);
    assertThat(grants)
        .containsExactlyInAnyOrder(
            "ClusterRole /pods get",
            "ClusterRole /pods list",
            "ClusterRole /pods watch",
            "ClusterRole /nodes get",
            "ClusterRole /nodes list",
            "ClusterRole /nodes watch",
            "ClusterRole /events create",
            "Role power.intel.com/powerprofiles get",
            "Role power.intel.com/powerprofiles list",
            "Role power.intel.com/powerprofiles watch",
            "Role power.intel.com/powerconfigs get",
            "Role power.intel.com/powerconfigs list",
            "Role power.intel.com/powerconfigs watch",
            "Role power.intel.com/powerworkloads get",
            "Role power.intel.com/powerworkloads list",
            "Role power.intel.com/powerworkloads watch",
            "Role power.intel.com/powerworkloads create",
            "Role power.intel.com/powerworkloads update",
            "Role power.intel.com/powerworkloads patch",
            "Role power.intel.com/powerworkloads delete",
            "Role power.intel.com/powerworkloads/status get",
            "Role power.intel.com/powerworkloads/status update",
            "Role power.intel.com/powerworkloads/status patch",
            "Role power.intel.com/powernodes get",
            "Role power.intel.com/powernodes list",
            "Role power.intel.com/powernodes watch",
            "Role power.intel.com/powernodes create",
            "Role power.intel.com/powernodes update",
            "Role power.intel.com/powernodes patch",
            "Role power.intel.com/powernodes/status get",
            "Role power.intel.com/powernodes/status update",
            "Role power.intel.com/powernodes/status patch",
            "Role power.intel.com/uncores get",
            "Role power.intel.com/uncores list",
            "Role power.intel.com/uncores watch",
            "Role power.intel.com/cstates get",
            "Role power.intel.com/cstates list",
            "Role power.intel.com/cstates watch",
            "Role power.intel.com/powerschedules get",
            "Role power.intel.com/powerschedules list",
            "Role power.intel.com/powerschedules watch",
            "Role power.intel.com/timeofdays get",
            "Role power.intel.com/timeofdays list",
            "Role power.intel.com/timeofdays watch",
            "Role power.intel.com/powernodesettings get",
            "Role power.intel.com/powernodesettings list",
            "Role power.intel.com/powernodesettings watch");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void writesSecretsAndWebhookConfigurationsOnlyWhenTheManagerIssuesCertificates(ValueSet values) {
    // Given
    RenderedChart chart = render(values);

    // When
    var grants = new TreeSet<String>();
    Rbac.rolesBoundTo(chart, "power-manager").forEach(role -> grants.addAll(Rbac.grants(role)));

    // Then
    assertThat(grants).contains("ClusterRole /nodes/status patch", "Role apps/daemonsets create");
    if (values.certManager()) {
      assertThat(grants)
          .noneMatch(g -> g.contains("secrets") || g.contains("webhookconfigurations"));
    } else {
      assertThat(grants)
          .contains(
              "Role /secrets create",
              "Role /secrets get [power-manager-tls]",
              "Role /secrets update [power-manager-tls]",
              "ClusterRole admissionregistration.k8s.io/mutatingwebhookconfigurations patch"
                  + " [power-manager]",
              "ClusterRole admissionregistration.k8s.io/validatingwebhookconfigurations patch"
                  + " [power-manager]")
          .doesNotContain(
              "Role /secrets get",
              "Role /secrets list",
              "ClusterRole admissionregistration.k8s.io/mutatingwebhookconfigurations patch");
    }
  }

  private static String roleRef(JsonNode binding) {
    return binding.path("roleRef").path("kind").asString("")
        + "/"
        + binding.path("roleRef").path("name").asString("");
  }

  private static List<Map.Entry<String, JsonNode>> podTemplates(RenderedChart chart) {
    return chart.objects().stream()
        .filter(o -> o.path("spec").path("template").path("metadata").has("labels"))
        .map(o -> Map.entry(id(o), o.path("spec").path("template").path("metadata").path("labels")))
        .toList();
  }

  private static BigDecimal bytes(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity));
  }
}
