package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CpuIdleStates;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * C-states on the default simulation (2 {@code small} nodes): Intel v2.5's CStates example for
 * node-1 applied at {@code power.intel.com/v1}, the seed's example pod on {@code performance}, the
 * pod deleted, the object deleted, and the stop that restores every {@code disable} file. The steps
 * build on each other, in order; one cluster for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CStatesIT {

  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);

  private SimulatedCluster cluster;
  private KubernetesClient client;
  private Map<String, Map<String, String>> boot;

  @BeforeAll
  void serveAndApplyTheSeedsSetUp() throws Exception {
    Path dir = Files.createTempDirectory("cstates-it");
    cluster = SmallClusters.start(dir, "cst-");
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    boot = new TreeMap<>();
    for (SimulatedNode node : cluster.nodes()) {
      boot.put(node.name(), disableFiles(node));
    }
    Examples examples = Examples.packaged();
    apply(examples.read(Examples.POWER_CONFIG));
    apply(examples.read(Examples.SHARED_PROFILE));
    for (String node : List.of("node-1", "node-2")) {
      apply(examples.read(Examples.SHARED_WORKLOAD).replace(Examples.EXAMPLE_NODE, node));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String node : List.of("node-1", "node-2")) {
                PowerNode pn =
                    client.resources(PowerNode.class).inNamespace(NS).withName(node).get();
                assertThat(pn).isNotNull();
                assertThat(pn.getStatus()).isNotNull();
                assertThat(pn.getStatus().getHardware()).isNotNull();
                assertThat(pn.getStatus().getHardware().getCstates()).isNotEmpty();
              }
            });
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private HasMetadata apply(String yaml) {
    return KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10)).object();
  }

  private static Map<String, String> disableFiles(SimulatedNode node) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String p : node.sysfs().paths()) {
      if (p.endsWith("/disable")) {
        out.put(p, node.sysfs().read(p).strip());
      }
    }
    return out;
  }

  /** The disable files of a node that differ from boot, with their value now. */
  private Map<String, String> changed(String name) throws Exception {
    Map<String, String> now = disableFiles(cluster.node(name));
    Map<String, String> diff = new TreeMap<>();
    now.forEach(
        (p, v) -> {
          if (!v.equals(boot.get(name).get(p))) {
            diff.put(p, v);
          }
        });
    return diff;
  }

  @Test
  @Order(1)
  void intelsExampleAtV1ChangesExactlyThoseFilesOnNode1() {
    // When: Intel's manifest (at v1alpha1: the stand-in API server stores each served version
    // apart, where kube-apiserver converts a None-conversion CRD between them)
    apply(
        Examples.packaged()
            .read("example-cstates.yaml")
            .replace("power.intel.com/v1\n", "power.intel.com/v1alpha1\n"));

    // Then: only CPU 5's C6 (sharedPool C1 on is the boot value; no CPU runs performance yet)
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(changed("node-1"))
                  .containsExactly(Map.entry("cpu5/cpuidle/state3/disable", "1"));
              assertThat(changed("node-2")).isEmpty();
              PowerNode pn =
                  client.resources(PowerNode.class).inNamespace(NS).withName("node-1").get();
              assertThat(pn.getStatus()).isNotNull();
              assertThat(pn.getStatus().getCstates())
                  .extracting(CpuIdleStates::getCpus, CpuIdleStates::getDisabled)
                  .contains(org.assertj.core.groups.Tuple.tuple("5", List.of("C6")));
              CStates object =
                  client.resources(CStates.class).inNamespace(NS).withName("node-1").get();
              assertThat(object.getStatus()).isNotNull();
              assertThat(object.getStatus().getNodes()).containsExactly("node-1");
              assertThat(object.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Applied");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    assertThat(
            client
                .genericKubernetesResources(
                    new ResourceDefinitionContext.Builder()
                        .withGroup("power.intel.com")
                        .withVersion("v1")
                        .withPlural("cstates")
                        .withNamespaced(true)
                        .build())
                .inNamespace(NS)
                .list()
                .getItems())
        .as("power.intel.com/v1 serves cstates")
        .isNotNull();
  }

  @Test
  @Order(2)
  void theExamplePodOnPerformanceGetsC1DisabledOnItsCpus() {
    // When: the seed's example pod, placed on node-1
    String pod =
        Examples.packaged()
            .read(Examples.POD)
            .replace("spec:\n", "spec:\n  nodeSelector:\n    kubernetes.io/hostname: node-1\n");
    apply(pod);

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod p = client.pods().inNamespace(NS).withName("example-power-pod").get();
              assertThat(p).isNotNull();
              assertThat(p.getSpec().getNodeName()).isEqualTo("node-1");
              assertThat(changed("node-1"))
                  .containsExactlyEntriesOf(
                      new TreeMap<>(
                          Map.of(
                              "cpu2/cpuidle/state1/disable", "1",
                              "cpu3/cpuidle/state1/disable", "1",
                              "cpu5/cpuidle/state3/disable", "1")));
              assertThat(
                      client.v1().events().inNamespace(NS).list().getItems().stream()
                          .filter(e -> "CStatesApplied".equals(e.getReason()))
                          .map(e -> e.getMessage())
                          .toList())
                  .contains("idle states: C1 disabled on CPUs 2-3");
            });
  }

  @Test
  @Order(3)
  void thePodDeletedGivesItsCpusTheSharedPoolsStates() {
    // When
    client.pods().inNamespace(NS).withName("example-power-pod").delete();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(changed("node-1"))
                    .containsExactly(Map.entry("cpu5/cpuidle/state3/disable", "1")));
  }

  @Test
  @Order(4)
  void theObjectDeletedPutsEveryDisableFileAtItsBootValue() {
    // When
    client.resources(CStates.class).inNamespace(NS).withName("node-1").delete();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(changed("node-1")).isEmpty();
              assertThat(changed("node-2")).isEmpty();
            });
  }

  @Test
  @Order(100)
  void stoppingRestoresEveryFileOfEveryNode() throws Exception {
    // Given: C-states changed again on both nodes, through a profile with cstates
    client
        .resources(PowerProfile.class)
        .inNamespace(NS)
        .withName("shared")
        .edit(
            p -> {
              p.getSpec().setCstates(new ProfileCStates(Map.of("C6", false), null));
              return p;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(changed("node-1")).isNotEmpty();
              assertThat(changed("node-2")).isNotEmpty();
            });

    // When: what SIGTERM does
    cluster.close();

    // Then
    for (SimulatedNode node : cluster.nodes()) {
      assertThat(disableFiles(node)).as(node.name()).isEqualTo(boot.get(node.name()));
    }
  }
}
