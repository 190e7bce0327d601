package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * #19.7: the RBAC grants only what the code calls, the agent image allow-list reaches the manager,
 * and the optional NetworkPolicy opens the manager's two ports only.
 */
class LeastPrivilegeIT extends ChartFixture {

  private static TreeSet<String> grants(RenderedChart chart, String account) {
    var grants = new TreeSet<String>();
    Rbac.rolesBoundTo(chart, account).forEach(role -> grants.addAll(Rbac.grants(role)));
    return grants;
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void grantsNoVerbTheCodeNeverUses(ValueSet values) {
    // When
    RenderedChart chart = render(values);
    var all = new TreeSet<String>();
    all.addAll(grants(chart, "power-manager"));
    all.addAll(grants(chart, "power-node-agent"));

    // Then: Events are only created (core/v1), nothing is ever listed among webhook configurations,
    // no PowerProfile status is written, the agent DaemonSet is never patched
    assertThat(all)
        .contains("ClusterRole /events create")
        .noneMatch(g -> g.startsWith("ClusterRole /events ") && !g.endsWith(" create"))
        .noneMatch(g -> g.contains("events.k8s.io"))
        .noneMatch(g -> g.contains("powerprofiles/status"))
        .noneMatch(g -> g.contains("webhookconfigurations list"))
        .noneMatch(g -> g.contains("webhookconfigurations watch"))
        .noneMatch(g -> g.contains("apps/daemonsets patch"))
        .doesNotContain("Role power.intel.com/powerprofiles patch");
  }

  @Test
  void writesTheAgentDaemonSetOnlyByNameExceptCreate() {
    // When
    RenderedChart chart = render(ValueSet.DEFAULTS);

    // Then
    assertThat(grants(chart, "power-manager").stream().filter(g -> g.contains("apps/daemonsets")))
        .containsExactlyInAnyOrder(
            "Role apps/daemonsets list",
            "Role apps/daemonsets watch",
            "Role apps/daemonsets create",
            "Role apps/daemonsets get [power-node-agent]",
            "Role apps/daemonsets update [power-node-agent]",
            "Role apps/daemonsets delete [power-node-agent]");
  }

  @Test
  void touchesWebhookConfigurationsOnlyByName() {
    // When
    RenderedChart chart = render(ValueSet.DEFAULTS);

    // Then
    assertThat(
            grants(chart, "power-manager").stream()
                .filter(g -> g.contains("webhookconfigurations")))
        .containsExactlyInAnyOrder(
            "ClusterRole admissionregistration.k8s.io/mutatingwebhookconfigurations get"
                + " [power-manager]",
            "ClusterRole admissionregistration.k8s.io/mutatingwebhookconfigurations patch"
                + " [power-manager]",
            "ClusterRole admissionregistration.k8s.io/validatingwebhookconfigurations get"
                + " [power-manager]",
            "ClusterRole admissionregistration.k8s.io/validatingwebhookconfigurations patch"
                + " [power-manager]");
  }

  @Test
  void passesTheChartsImageRepositoryAsTheDefaultAgentImageAllowList() {
    // When
    List<String> defaults = managerArgs(render(ValueSet.DEFAULTS));
    List<String> mirrored =
        managerArgs(render(ValueSet.DEFAULTS, "--set", "image.repository=mirror.example/pm"));
    List<String> listed =
        managerArgs(
            render(
                ValueSet.DEFAULTS,
                "--set",
                "agent.imageAllowList={ghcr.io/power-manager/power-manager,mirror.example/pm}"));

    // Then
    assertThat(defaults).contains("--agent-image-allow-list=ghcr.io/power-manager/power-manager");
    assertThat(mirrored).contains("--agent-image-allow-list=mirror.example/pm");
    assertThat(listed)
        .contains("--agent-image-allow-list=ghcr.io/power-manager/power-manager,mirror.example/pm");
  }

  @Test
  void rendersNoNetworkPolicyByDefault() {
    assertThat(render(ValueSet.DEFAULTS).ofKind("NetworkPolicy")).isEmpty();
  }

  @Test
  void networkPolicyOpensTheHttpsPortToAnySourceAndTheProbePortWhenEnabled() {
    // When
    RenderedChart chart = render(ValueSet.DEFAULTS, "--set", "networkPolicy.enabled=true");

    // Then
    JsonNode spec = chart.one("NetworkPolicy", "power-manager").path("spec");
    assertThat(RenderedChart.strings(spec.path("policyTypes"))).containsExactly("Ingress");
    assertThat(
            spec.path("podSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/component")
                .asString(""))
        .isEqualTo("manager");
    JsonNode ingress = spec.path("ingress");
    assertThat(ingress.size()).isEqualTo(2);
    assertThat(ingress.get(0).path("ports").get(0).path("port").asString("")).isEqualTo("https");
    assertThat(ingress.get(1).path("ports").get(0).path("port").asString("")).isEqualTo("probes");
    assertThat(ingress.get(0).has("from")).as("any source").isFalse();
    assertThat(ingress.get(1).has("from")).as("any source").isFalse();
    assertPortsAreTheManagers(chart);
  }

  @Test
  void networkPolicyAdmitsTheConfiguredPeersAndThePowerScheduler() {
    // When
    RenderedChart chart =
        render(
            ValueSet.POWER_SCHEDULER,
            "--set",
            "networkPolicy.enabled=true",
            "--set",
            "networkPolicy.from[0].ipBlock.cidr=10.0.0.0/24",
            "--set",
            "networkPolicy.probeFrom[0].namespaceSelector.matchLabels.name=monitoring");

    // Then
    JsonNode ingress = chart.one("NetworkPolicy", "power-manager").path("spec").path("ingress");
    JsonNode https = ingress.get(0).path("from");
    assertThat(https.get(0).path("ipBlock").path("cidr").asString("")).isEqualTo("10.0.0.0/24");
    assertThat(
            https
                .get(1)
                .path("podSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/component")
                .asString(""))
        .isEqualTo("scheduler");
    assertThat(
            ingress
                .get(1)
                .path("from")
                .get(0)
                .path("namespaceSelector")
                .path("matchLabels")
                .path("name")
                .asString(""))
        .isEqualTo("monitoring");
  }

  private static void assertPortsAreTheManagers(RenderedChart chart) {
    assertThat(
            managerContainer(chart)
                .path("ports")
                .valueStream()
                .map(p -> p.path("name").asString(""))
                .toList())
        .containsExactlyInAnyOrder("https", "probes");
  }

  private static List<String> managerArgs(RenderedChart chart) {
    return RenderedChart.strings(managerContainer(chart).path("args"));
  }

  private static JsonNode managerContainer(RenderedChart chart) {
    return chart
        .one("Deployment", "power-manager")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }
}
