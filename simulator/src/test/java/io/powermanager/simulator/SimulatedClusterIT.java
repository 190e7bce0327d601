package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.api.v1alpha1.ActiveWorkload;
import io.powermanager.api.v1alpha1.PowerContainer;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.SharedPool;
import io.powermanager.domain.CpuSet;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A served simulation of 2 {@code small} nodes (8 CPUs, intel_pstate, kubelet reserving 0 and 1)
 * driven through its API server with a fabric8 client built from the kubeconfig it wrote, as a user
 * would: the seed's walkthrough (PowerConfig, shared profile, a shared workload per node, the
 * example pod), a refused pod, a deleted pod, an unschedulable pod, and the stop that restores
 * every CPU. One cluster for the class (starting one takes seconds); the closing test runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedClusterIT {

  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String BOOT = "800-3500 MHz balance_performance powersave";
  static final String SHARED = "1000-1500 MHz power powersave";
  static final String PERFORMANCE = "3300-3500 MHz performance powersave";

  private Path dir;
  private SimulatedCluster cluster;
  private KubernetesClient client;
  private Path endpoints;

  @BeforeAll
  void serveAndApplyTheSeedsSetUp() throws Exception {
    dir = Files.createTempDirectory("simulated-cluster-it");
    cluster = SmallClusters.start(dir, "sit-");
    endpoints = cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
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
                assertThat(allocatable(node, "power.intel.com/performance")).isPositive();
                assertThat(cpus(node, 2, 7)).containsOnly(SHARED);
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

  /** Creates through the API front as kubectl would, retrying while the webhook's cache lags. */
  private HasMetadata apply(String yaml) {
    return KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10)).object();
  }

  private long allocatable(String node, String resource) {
    Quantity q = client.nodes().withName(node).get().getStatus().getAllocatable().get(resource);
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }

  /** Each CPU's settings as the node's sysfs reads back now, {@code first..last}. */
  private List<String> cpus(String node, int first, int last) {
    SimulatedNode n = cluster.node(node);
    return IntStream.rangeClosed(first, last)
        .mapToObj(cpu -> CpuReading.of(n.sysfs(), cpu).describe())
        .toList();
  }

  private PowerNodeStatus powerNode(String node) {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(NS).withName(node).get();
    return pn == null || pn.getStatus() == null ? new PowerNodeStatus() : pn.getStatus();
  }

  private static Map<String, List<Integer>> pools(PowerNodeStatus status) {
    return status.getSharedPools().stream()
        .collect(Collectors.toMap(SharedPool::getName, SharedPool::getSharedPoolCpuIds));
  }

  private static Pod guaranteedPod(String name, int cpus, int performanceUnits) {
    Map<String, Quantity> requests =
        Map.of(
            "cpu", new Quantity(Integer.toString(cpus)),
            "memory", new Quantity("200Mi"),
            "power.intel.com/performance", new Quantity(Integer.toString(performanceUnits)));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("ubuntu")
        .withNewResources()
        .withRequests(requests)
        .withLimits(requests)
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  @Order(1)
  void writesEndpointsForKubectlAndScripts() throws Exception {
    // When
    String json = Files.readString(endpoints);

    // Then
    assertThat(json)
        .contains("\"apiServer\":\"" + cluster.api().url() + "\"")
        .contains("\"kubeconfig\":\"" + dir.resolve("kubeconfig").toAbsolutePath() + "\"")
        .contains("\"webhook\":\"" + cluster.managerUrl() + "\"")
        .contains("\"extender\":\"" + cluster.managerUrl() + "\"")
        .contains("\"caFile\":\"" + cluster.caFile().toAbsolutePath() + "\"")
        .contains("\"node-1\":{\"sysfsRoot\":\"" + dir.resolve("nodes/node-1/cpu") + "\"")
        .contains("\"podResourcesSocket\":\"" + cluster.node("node-2").podResourcesSocket() + "\"")
        .contains("\"metrics\":\"" + cluster.node("node-2").metricsUrl() + "\"");
  }

  @Test
  @Order(2)
  void tunesTheExamplePodsCoresAndReportsThemAsTheSeedShows() {
    // When
    Pod pod = (Pod) apply(Examples.packaged().read(Examples.POD));

    // Then: the profiles and workloads of the seed's walkthrough
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withName(pod.getMetadata().getName())
                            .get()
                            .getStatus()
                            .getPhase())
                    .isEqualTo("Running"));
    String node =
        client.pods().inNamespace(NS).withName("example-power-pod").get().getSpec().getNodeName();
    String other = node.equals("node-1") ? "node-2" : "node-1";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(PowerProfile.class)
                          .inNamespace(NS)
                          .list()
                          .getItems()
                          .stream()
                          .map(p -> p.getMetadata().getName()))
                  .containsExactlyInAnyOrder(
                      "performance", "performance-node-1", "performance-node-2", "shared");
              assertThat(
                      client
                          .resources(PowerWorkload.class)
                          .inNamespace(NS)
                          .list()
                          .getItems()
                          .stream()
                          .map(w -> w.getMetadata().getName()))
                  .containsExactlyInAnyOrder(
                      "shared-node-1-workload",
                      "shared-node-2-workload",
                      "performance-" + node + "-workload");
              // the PowerNode as in the seed's example, with the pod's 2 exclusive CPUs
              PowerNodeStatus status = powerNode(node);
              assertThat(status.getActiveProfiles()).containsEntry("performance-" + node, true);
              assertThat(status.getActiveWorkloads())
                  .extracting(ActiveWorkload::getName, ActiveWorkload::getCores)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "performance-" + node + "-workload", List.of(2, 3)));
              assertThat(status.getPowerContainers())
                  .extracting(
                      PowerContainer::getName,
                      PowerContainer::getPod,
                      PowerContainer::getExclusiveCpus,
                      PowerContainer::getPowerProfile,
                      PowerContainer::getWorkload)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "example-power-container",
                          "example-power-pod",
                          List.of(2, 3),
                          "performance-" + node,
                          "performance-" + node + "-workload"));
              assertThat(pools(status))
                  .containsEntry("Default", List.of(0, 1))
                  .containsEntry("Shared", List.of(4, 5, 6, 7));
              assertThat(pools(powerNode(other)))
                  .containsEntry("Default", List.of(0, 1))
                  .containsEntry("Shared", List.of(2, 3, 4, 5, 6, 7));
              // the CPUs themselves
              assertThat(cpus(node, 2, 3)).containsOnly(PERFORMANCE);
              assertThat(cpus(node, 4, 7)).containsOnly(SHARED);
              assertThat(cpus(other, 2, 7)).containsOnly(SHARED);
              assertThat(cpus(node, 0, 1)).containsOnly(BOOT);
              assertThat(cpus(other, 0, 1)).containsOnly(BOOT);
            });
    assertThat(cluster.tracker().timeline(pod.getMetadata().getUid()).orElseThrow().tuned())
        .isPresent();
  }

  @Test
  @Order(3)
  void refusesAPodWhoseProfileCountDoesNotMatchItsCpus() {
    // Given
    HasMetadata mismatched =
        client
            .getKubernetesSerialization()
            .unmarshal(Examples.packaged().read(Examples.MISMATCHED_POD));

    // When / Then
    assertThatThrownBy(() -> client.resource(mismatched).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "admission webhook \"pod.validate.power.intel.com\" denied the request:"
                          + " spec.containers[0] \"app\": 2 CPUs requested but"
                          + " power.intel.com/performance is 1; they must be equal");
            });
    assertThat(client.pods().inNamespace(NS).withName("mismatched-pod").get()).isNull();
  }

  @Test
  @Order(4)
  void returnsADeletedPodsCpusToTheSharedPool() {
    // Given: a second pod; it gets CPUs 2 and 3 of whichever node has room
    client.pods().inNamespace(NS).resource(guaranteedPod("short-lived", 2, 2)).create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod p = client.pods().inNamespace(NS).withName("short-lived").get();
              assertThat(p.getSpec().getNodeName()).isNotNull();
              assertThat(cpus(p.getSpec().getNodeName(), 2, 3)).containsOnly(PERFORMANCE);
            });
    String node =
        client.pods().inNamespace(NS).withName("short-lived").get().getSpec().getNodeName();

    // When
    client.pods().inNamespace(NS).withName("short-lived").delete();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(cpus(node, 2, 3)).containsOnly(SHARED);
              assertThat(pools(powerNode(node))).containsEntry("Shared", List.of(2, 3, 4, 5, 6, 7));
              assertThat(
                      client
                          .resources(PowerWorkload.class)
                          .inNamespace(NS)
                          .withName("performance-" + node + "-workload")
                          .get())
                  .isNull();
            });
  }

  @Test
  @Order(5)
  void reportsAPodThatFitsNowhereAsKubeSchedulerDoes() {
    // When: 3 performance CPUs; each small node offers 2 (40 % of its 6 allocatable)
    client.pods().inNamespace(NS).resource(guaranteedPod("too-big", 3, 3)).create();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Event> events =
                  client.v1().events().inNamespace(NS).list().getItems().stream()
                      .filter(e -> "too-big".equals(e.getInvolvedObject().getName()))
                      .filter(e -> "FailedScheduling".equals(e.getReason()))
                      .toList();
              assertThat(events)
                  .extracting(Event::getMessage)
                  .contains("0/2 nodes are available: 2 Insufficient power.intel.com/performance.");
              Pod p = client.pods().inNamespace(NS).withName("too-big").get();
              assertThat(p.getSpec().getNodeName()).isNull();
              assertThat(p.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("PodScheduled");
                        assertThat(c.getReason()).isEqualTo("Unschedulable");
                      });
            });
    client.pods().inNamespace(NS).withName("too-big").delete();
  }

  @Test
  @Order(6)
  void failsAPodBoundPastTheNodesAllocatableCpusWithOutOfcpu() {
    // Given: bound by name, past the scheduler; node-2 has 6 allocatable CPUs
    Pod pod =
        new PodBuilder(guaranteedPod("bound-by-hand", 7, 0))
            .editSpec()
            .withNodeName("node-2")
            .editFirstContainer()
            .editResources()
            .removeFromRequests("power.intel.com/performance")
            .removeFromLimits("power.intel.com/performance")
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When
    client.pods().inNamespace(NS).resource(pod).create();

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod p = client.pods().inNamespace(NS).withName("bound-by-hand").get();
              assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(p.getStatus().getReason()).isEqualTo("OutOfcpu");
              assertThat(p.getStatus().getMessage())
                  .startsWith(
                      "Pod was rejected: Node didn't have enough resource: cpu, requested: 7000,");
            });
    assertThat(cluster.node("node-2").kubelet().pods())
        .noneMatch(p -> p.name().equals("bound-by-hand"));
  }

  private String uncore(String node) {
    var domain = cluster.node(node).sysfs().uncore(0, 0);
    return domain.minKhz() + "/" + domain.maxKhz();
  }

  @Test
  @Order(7)
  void runsIntelsUncoreExampleOnNode1AndSystemBoundsAloneOnNode2() throws Exception {
    // Given: Intel v2.5's example (at v1alpha1: the stand-in API server keeps versions apart)
    String intel =
        Files.readString(Path.of("..", "examples", "example-uncore.yaml"))
            .replace("name: example-node", "name: node-1")
            .replace("power.intel.com/v1\n", "power.intel.com/v1alpha1\n");
    String systemOnly =
        """
        apiVersion: power.intel.com/v1alpha1
        kind: Uncore
        metadata:
          name: node-2
        spec:
          sysMin: 1300000
          sysMax: 2300000
        """;

    // When
    apply(intel);
    apply(systemOnly);

    // Then: the die selector wins over sysMin/sysMax on node-1
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(uncore("node-1")).isEqualTo("1500000/2400000");
              assertThat(uncore("node-2")).isEqualTo("1300000/2300000");
              assertThat(powerNode("node-1").getUncore())
                  .singleElement()
                  .satisfies(u -> assertThat(u.getOriginalMinKHz()).isEqualTo(800_000L));
            });
  }

  @Test
  @Order(7)
  void servesEachAgentsTelemetryAtTheMetricsUrlOfEndpointsJson() throws Exception {
    // Given
    String url =
        client
            .getKubernetesSerialization()
            .unmarshal(Files.readString(endpoints), Map.class)
            .get("nodes")
            .toString();
    String metrics = cluster.node("node-1").metricsUrl();
    assertThat(url).contains("metrics=" + metrics);

    // When
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(metrics)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("# TYPE power_manager_agent_energy_joules_total counter")
        .contains("power_manager_agent_energy_joules_total{zone=\"package-0\"}")
        .contains("power_manager_agent_rapl_available 1.0")
        .contains("power_manager_agent_cpu_idle_seconds_total{cpu=\"2\",state=\"C6\"}")
        .contains("power_manager_agent_cpu_current_frequency_khz{cpu=\"2\"}")
        .contains("power_manager_agent_profile_cpus{profile=\"shared\"}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(powerNode("node-1").getTelemetry().getEnergySource()).isEqualTo("rapl"));
  }

  @Test
  @Order(100)
  void restoresEveryCpuToItsBootSettingsWhenStopped() {
    // Given: tuned CPUs on both nodes
    assertThat(cluster.nodes()).allMatch(n -> !n.changedSinceBoot().isEmpty());

    // When: what SIGTERM does
    cluster.close();

    // Then
    for (SimulatedNode node : cluster.nodes()) {
      assertThat(node.changedSinceBoot()).as(node.name()).isEqualTo(CpuSet.empty());
      assertThat(cpus(node.name(), 0, 7)).containsOnly(BOOT);
      assertThat(uncore(node.name())).as(node.name()).isEqualTo("800000/2400000");
    }
  }
}
