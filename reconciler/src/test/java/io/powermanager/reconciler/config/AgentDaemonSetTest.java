package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.reconciler.AgentSettings;
import io.powermanager.reconciler.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentDaemonSetTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private final PowerConfig seed = seedConfig();

  @Test
  void seedConfigGivesTheGoldenDaemonSet() throws IOException {
    // When
    DaemonSet ds = desired("registry.example/power-manager:0.1.0");

    // Then
    String yaml = YAML.asYaml(ds);
    java.nio.file.Path actual =
        java.nio.file.Path.of("target", "golden", "out-DaemonSet-power-node-agent.yaml");
    java.nio.file.Files.createDirectories(actual.getParent());
    java.nio.file.Files.writeString(actual, yaml);
    assertThat(yaml)
        .as("golden file (the actual output is in %s)", actual.toAbsolutePath())
        .isEqualTo(golden("out-DaemonSet-power-node-agent.yaml"));
  }

  @Test
  void runsThePrivilegedAgentWithTheNodeNameAndTheHostDirectoriesItNeeds() {
    // When
    var pod = desired("img").getSpec().getTemplate().getSpec();

    // Then
    var c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getPrivileged()).isTrue();
    assertThat(c.getArgs()).containsExactly("agent", "--power-namespace", "$(POWER_NAMESPACE)");
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NODE_NAME");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
            });
    assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("128Mi"));
    assertThat(pod.getVolumes())
        .extracting(v -> v.getHostPath() == null ? null : v.getHostPath().getPath())
        .contains("/sys", "/var/lib/kubelet/pod-resources", "/var/lib/power-manager");
    assertThat(pod.getNodeSelector())
        .isEqualTo(Map.of("feature.node.kubernetes.io/appqos-node", "true"));
    assertThat(pod.getServiceAccountName()).isEqualTo("power-node-agent");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void runsTheAgentJvmWithTheFlagsTheAgentsBenchmarkMeasures() {
    // When
    var c = desired("img").getSpec().getTemplate().getSpec().getContainers().get(0);

    // Then: the agent's list, in the variable the image's java launcher reads
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("JDK_JAVA_OPTIONS"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValue()).isEqualTo(String.join(" ", AgentJvmFlags.DAEMONSET)));
  }

  @Test
  void whatTheApiServerDefaultsIsNotDrift() {
    // Given: the same DaemonSet as an API server returns it, with defaults filled in
    DaemonSet desired = desired("img");
    DaemonSet stored =
        new DaemonSetBuilder(desired)
            .editMetadata()
            .withResourceVersion("42")
            .withUid("ds-uid")
            .addToLabels("team", "platform")
            .addToAnnotations("deprecated.daemonset.template.generation", "1")
            .endMetadata()
            .editSpec()
            .withRevisionHistoryLimit(10)
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .endUpdateStrategy()
            .editTemplate()
            .editMetadata()
            .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-29T10:00:00Z")
            .endMetadata()
            .editSpec()
            .withDnsPolicy("ClusterFirst")
            .withRestartPolicy("Always")
            .withSchedulerName("default-scheduler")
            .editFirstContainer()
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("File")
            .withResources(
                new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("0.05"))
                    .addToRequests("memory", new Quantity("96Mi"))
                    .addToLimits("memory", new Quantity("134217728"))
                    .build())
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    // When
    var differences = AgentDaemonSet.differences(desired, stored);

    // Then
    assertThat(differences).isEmpty();
  }

  @Test
  void theSameDaemonSetReadBackFromJsonIsNotDrift() {
    // Given
    DaemonSet desired = desired("img");
    DaemonSet readBack = YAML.unmarshal(YAML.asJson(desired), DaemonSet.class);

    // When
    var differences = AgentDaemonSet.differences(desired, readBack);

    // Then
    assertThat(differences).isEmpty();
  }

  @Test
  void namesEachOwnedFieldThatDrifted() {
    // Given
    DaemonSet desired = desired("img");
    DaemonSet edited =
        new DaemonSetBuilder(desired)
            .editSpec()
            .editTemplate()
            .editSpec()
            .withNodeSelector(Map.of("other", "x"))
            .editFirstContainer()
            .withImage("busybox")
            .editSecurityContext()
            .withPrivileged(false)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    // When
    var differences = AgentDaemonSet.differences(desired, edited);

    // Then
    assertThat(differences)
        .containsExactlyInAnyOrder(
            "/pod/nodeSelector/feature.node.kubernetes.io~1appqos-node",
            "/pod/containers/0/image",
            "/pod/containers/0/securityContext/privileged");
  }

  @Test
  void anOwnerFromAnotherPowerConfigIsDrift() {
    // Given
    DaemonSet desired = desired("img");
    PowerConfig recreated = seedConfig();
    recreated.getMetadata().setUid("uid-of-the-new-one");
    DaemonSet wanted = AgentDaemonSet.desired(recreated, "power", "img", AgentSettings.DEFAULT);

    // When
    var differences = AgentDaemonSet.differences(wanted, desired);

    // Then
    assertThat(differences).containsExactly("/ownerReferences/0/uid");
  }

  @Test
  void updateTakesOwnedFieldsAndKeepsEverythingElse() {
    // Given
    DaemonSet desired = desired("new-image");
    DaemonSet actual =
        new DaemonSetBuilder(desired("old-image"))
            .editMetadata()
            .withResourceVersion("7")
            .addToLabels("team", "platform")
            .endMetadata()
            .editSpec()
            .editTemplate()
            .editMetadata()
            .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-29T10:00:00Z")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();

    // When
    DaemonSet updated = AgentDaemonSet.updated(actual, desired);

    // Then
    assertThat(AgentDaemonSet.differences(desired, updated)).isEmpty();
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(updated.getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(updated.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
  }

  @Test
  void aDifferentSelectorCannotBeUpdated() {
    // Given
    DaemonSet desired = desired("img");
    DaemonSet actual =
        new DaemonSetBuilder(desired)
            .editSpec()
            .editSelector()
            .withMatchLabels(Map.of("app", "legacy-agent"))
            .endSelector()
            .endSpec()
            .build();

    // When
    boolean matches = AgentDaemonSet.selectorMatches(desired, actual);

    // Then
    assertThat(matches).isFalse();
    assertThat(AgentDaemonSet.differences(desired, actual))
        .contains("/selector/matchLabels/app.kubernetes.io~1name");
  }

  private DaemonSet desired(String image) {
    return AgentDaemonSet.desired(seed, "power", image, AgentSettings.DEFAULT);
  }

  private static PowerConfig seedConfig() {
    PowerConfig c = Fixtures.seedConfig();
    c.getMetadata().setUid("0b8e6c1e-2f3a-4c55-9d1e-1f2a3b4c5d6e");
    return c;
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = AgentDaemonSetTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        return "(missing golden file " + name + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
