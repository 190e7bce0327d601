package io.powermanager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.agent.podresources.PodResourcesException;
import io.powermanager.agent.podresources.PodResourcesSource;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.SysfsWrite;
import io.powermanager.testkit.sysfs.WriteInterceptor;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the embedded API server (field selectors honoured), the emulated kubelet on a
 * real unix socket and the emulated sysfs of the {@code small} node (8 CPUs, kubelet reserves cpu
 * 0), in the seed's scenario: base profile {@code performance}, shared profile {@code shared}
 * (1000-1500 MHz, EPP power) and the shared workload {@code shared-node1-workload}.
 */
class NodeAgentIT {

  static final String NODE = "node1";
  static final String NS = "default";
  static final String BOOT = "[powersave 800000-3500000 balance_performance]";
  static final String SHARED = "[powersave 1000000-1500000 power]";
  static final String PERFORMANCE = "[powersave 3300000-3500000 performance]";

  @TempDir Path dir;

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private EmulatedKubelet kubelet;
  private EmulatedSysfs sysfs;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startCluster() throws Exception {
    conversion = ConversionEndpoint.start(dir.resolve("conversion-tls"));
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    client = api.client();
    PowerResources.install(client, conversion.caPem());
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .addToLabels("kubernetes.io/hostname", NODE)
                .endMetadata()
                .build())
        .create();
    sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    kubelet =
        EmulatedKubelet.builder(dir.resolve("kubelet.sock"), CpuSet.range(0, 7), CpuSet.of(0))
            .build()
            .start();
    profile("performance", null, null, "performance", Map.of());
    profile("shared", 1000, 1500, "power", Map.of());
    sharedWorkload(List.of(0));
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    kubelet.close();
    api.close();
    conversion.close();
  }

  // ------------------------------------------------------------------ fixtures

  private void profile(
      String name, Integer min, Integer max, String epp, Map<String, String> labels) {
    PowerProfile p = TestPowerObjects.profile(NS, name, min, max, epp, labels);
    client.resources(PowerProfile.class).inNamespace(NS).resource(p).create();
  }

  private void sharedWorkload(List<Integer> reserved) {
    PowerWorkload w =
        TestPowerObjects.sharedWorkload(
            NS,
            "shared-node1-workload",
            "shared",
            reserved,
            Map.of("kubernetes.io/hostname", NODE));
    client.resources(PowerWorkload.class).inNamespace(NS).resource(w).createOr(x -> x.update());
  }

  private AgentConfig config() {
    return AgentConfig.defaults(NODE, NS)
        .withStateDir(dir.resolve("state"))
        .withPodResourcesSocket(kubelet.socket())
        .withSysfsRoot(dir.resolve("unused-sys"))
        // a watch event the front drops costs one resync, as in production; short here
        .withResyncInterval(Duration.ofSeconds(3))
        .withHeartbeatInterval(Duration.ofMinutes(10));
  }

  private AgentHandle startAgent() throws Exception {
    return startAgent(config());
  }

  /** The agent on the client it runs with in production (JDK HTTP client, its kinds only). */
  private AgentHandle startAgent(AgentConfig config) throws Exception {
    KubeletPodResources podResources = KubeletPodResources.connect(kubelet.socket());
    open.add(podResources);
    return startAgent(config, podResources);
  }

  private AgentHandle startAgent(AgentConfig config, PodResourcesSource podResources)
      throws Exception {
    KubernetesClient agentClient = AgentKubernetesClient.build(api.clientConfig());
    open.add(agentClient);
    AgentHandle agent =
        NodeAgent.start(
            config,
            agentClient,
            SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list),
            podResources,
            new PrometheusRegistry(),
            Clock.systemUTC());
    open.add(agent::halt);
    return agent;
  }

  /** Creates the pod in the API, lets the kubelet admit it, then reports it Running (an event). */
  private Pod runPod(String name, int cpus, String profile) {
    Pod created =
        client
            .pods()
            .inNamespace(NS)
            .resource(TestPods.guaranteed(NS, name, NODE, cpus, profile))
            .create();
    kubelet.admit(created);
    created.getStatus().setPhase("Running");
    return client.pods().inNamespace(NS).resource(created).updateStatus();
  }

  private void deletePod(Pod pod) {
    kubelet.remove(NS, pod.getMetadata().getName(), pod.getMetadata().getUid());
    client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
  }

  private String cpu(int n) {
    return sysfs.cpu(n).toString().substring(("cpu" + n).length());
  }

  private PowerNodeStatus nodeStatus() {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(NS).withName(NODE).get();
    return pn == null || pn.getStatus() == null ? new PowerNodeStatus() : pn.getStatus();
  }

  private Optional<Condition> condition(String type) {
    return nodeStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private Optional<PowerWorkload> workload(String name) {
    return Optional.ofNullable(
        client.resources(PowerWorkload.class).inNamespace(NS).withName(name).get());
  }

  /** The workload's containers; empty while it does not exist (never throws inside an await). */
  private List<io.powermanager.api.v1alpha1.WorkloadContainer> containersOf(String name) {
    return workload(name).map(w -> w.getSpec().getNodeInfo().getContainers()).orElse(List.of());
  }

  /** The workload's {@code status.cpuIds}, when written. */
  private Optional<String> tunedCpusOf(String name) {
    return workload(name).map(PowerWorkload::getStatus).map(st -> st.getCpuIds());
  }

  private static String yaml(Object o) {
    return Serialization.asYaml(o);
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  void tunesTheSharedPoolAndLeavesTheReservedCpuAlone() throws Exception {
    // When
    startAgent();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int n = 1; n < 8; n++) {
                assertThat(cpu(n)).as("cpu%d", n).isEqualTo(SHARED);
              }
              assertThat(cpu(0)).isEqualTo(BOOT);
              assertThat(nodeStatus().getReservedCPUs()).isEqualTo("0");
              assertThat(nodeStatus().getAllocatableCPUs()).isEqualTo("1-7");
              assertThat(nodeStatus().getHardware().getDriver()).isEqualTo("intel_pstate");
              assertThat(nodeStatus().getHeartbeat()).isNotNull();
            });
  }

  @Test
  void tunesAPodsCpusToItsProfileAndPublishesWorkloadAndNodeAsTheSeed() throws Exception {
    // Given
    startAgent();
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cpu(5)).isEqualTo(SHARED));

    // When
    Pod pod = runPod("example-pod", 2, "performance");

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu(1)).isEqualTo(PERFORMANCE);
              assertThat(cpu(2)).isEqualTo(PERFORMANCE);
              assertThat(cpu(3)).isEqualTo(SHARED);
              assertThat(workload("performance-node1-workload")).isPresent();
              assertThat(events("PowerProfileApplied")).hasSize(1);
              assertThat(nodeStatus().getPowerContainers()).hasSize(1);
              assertThat(tunedCpusOf("performance-node1-workload")).contains("1-2");
              assertThat(tunedCpusOf("shared-node1-workload")).contains("3-7");
            });
    PowerWorkload w = workload("performance-node1-workload").orElseThrow();
    assertThat(w.getSpec().getPowerProfile()).isEqualTo("performance-node1");
    assertThat(w.getSpec().getNodeInfo().getName()).isEqualTo(NODE);
    assertThat(w.getSpec().getNodeInfo().getCpuIds()).containsExactly(1, 2);
    assertThat(w.getSpec().getNodeInfo().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getExclusiveCPUs()).containsExactly(1, 2);
              assertThat(c.getName()).isEqualTo("example-power-container");
              assertThat(c.getPod()).isEqualTo("example-pod");
              assertThat(c.getPodUID()).isEqualTo(pod.getMetadata().getUid());
              assertThat(c.getPowerProfile()).isEqualTo("performance-node1");
              assertThat(c.getId()).hasSize(64);
            });
    PowerNodeStatus status = nodeStatus();
    assertThat(status.getActiveProfiles()).containsExactly(Map.entry("performance-node1", true));
    assertThat(status.getActiveWorkloads())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getName()).isEqualTo("performance-node1-workload");
              assertThat(a.getCores()).containsExactly(1, 2);
            });
    assertThat(status.getSharedPools())
        .extracting(p -> p.getName() + "=" + p.getSharedPoolCpuIds())
        .containsExactly("Default=[0]", "Shared=[3, 4, 5, 6, 7]");
    Event applied = events("PowerProfileApplied").get(0);
    assertThat(applied.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
    assertThat(applied.getMessage())
        .isEqualTo(
            "power profile performance-node1 on CPUs 1-2 (container example-power-container)");
    assertThat(condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(condition("Tuned").orElseThrow().getStatus()).isEqualTo("True");
    System.out.println("--- PowerWorkload\n" + yaml(w) + "--- PowerNode status\n" + yaml(status));
  }

  @Test
  void givesADeletedPodsCpusBackToTheSharedPoolAndDeletesItsWorkload() throws Exception {
    // Given
    startAgent();
    Pod pod = runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(workload("performance-node1-workload")).isPresent());

    // When
    deletePod(pod);

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu(1)).isEqualTo(SHARED);
              assertThat(cpu(2)).isEqualTo(SHARED);
              assertThat(workload("performance-node1-workload")).isEmpty();
              assertThat(nodeStatus().getActiveWorkloads()).isEmpty();
              assertThat(nodeStatus().getSharedPools())
                  .extracting(p -> p.getName() + "=" + p.getSharedPoolCpuIds())
                  .containsExactly("Default=[0]", "Shared=[1, 2, 3, 4, 5, 6, 7]");
            });
  }

  @Test
  void writesNothingWhenAConvergedNodeIsRecomputed() throws Exception {
    // Given
    AgentHandle agent = startAgent();
    runPod("example-pod", 3, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(events("PowerProfileApplied")).hasSize(1));
    agent.recompute().get(10, TimeUnit.SECONDS);
    sysfs.resetWriteCounts();
    long apiWrites = writesToApi();

    // When
    var result = agent.recompute().get(10, TimeUnit.SECONDS);

    // Then
    assertThat(result.outcome().plan().converged()).isTrue();
    assertThat(sysfs.writeCount()).isZero();
    assertThat(writesToApi()).isEqualTo(apiWrites);
  }

  private long writesToApi() {
    return api.requests().writes();
  }

  @Test
  void restoresEveryCpuToItsSnapshotOnClose() throws Exception {
    // Given
    AgentHandle agent = startAgent();
    runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(1)).isEqualTo(PERFORMANCE));

    // When
    agent.close();

    // Then
    for (int n = 0; n < 8; n++) {
      assertThat(cpu(n)).as("cpu%d", n).isEqualTo(BOOT);
    }
    assertThat(agent.restored().orElseThrow().restored()).hasToString("1-7");
    assertThat(Files.exists(dir.resolve("state").resolve(SnapshotStore.FILE_NAME))).isFalse();
    assertThat(condition("Ready").orElseThrow().getReason()).isEqualTo("AgentStopped");
  }

  @Test
  void saysWhichCpuWasNotRestoredWhenItsFileRefusesTheWrite() throws Exception {
    // Given: a tuned node whose cpu 2 refuses every write to scaling_min_freq
    AgentHandle agent = startAgent();
    runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(2)).isEqualTo(PERFORMANCE));
    sysfs.interceptor(
        WriteInterceptor.failPath("cpu2/cpufreq/scaling_min_freq", EmulatedSysfs.EIO));

    // When
    agent.close();

    // Then
    assertThat(agent.restored().orElseThrow().failures()).containsOnlyKeys(2);
    assertThat(cpu(1)).isEqualTo(BOOT);
    Condition ready = condition("Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("RestoreFailed");
    assertThat(ready.getMessage())
        .startsWith("the agent stopped but could not restore CPUs 2 (cpu 2: ")
        .contains("scaling_min_freq", EmulatedSysfs.EIO)
        .contains("run power-manager agent --restore");
    assertThat(SnapshotStore.open(dir.resolve("state")).all()).containsOnlyKeys(2);
  }

  @Test
  void itsPowerNodeIsOwnedByItsNodeAndGoesWithIt() throws Exception {
    // Given
    AgentHandle agent = startAgent();
    agent.halt();
    String nodeUid = client.nodes().withName(NODE).get().getMetadata().getUid();

    // When
    PowerNode pn = client.resources(PowerNode.class).inNamespace(NS).withName(NODE).get();
    client.nodes().withName(NODE).delete();

    // Then
    assertThat(pn.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("Node");
              assertThat(r.getUid()).isEqualTo(nodeUid);
            });
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(client.resources(PowerNode.class).inNamespace(NS).withName(NODE).get())
                    .isNull());
  }

  @Test
  void interruptsARecomputeStuckOnTheKubeletWhenClosingAndRestoresWithNothingWrittenAfter()
      throws Exception {
    // Given: a tuned node whose kubelet stops answering in the middle of a recompute
    KubeletPodResources real = KubeletPodResources.connect(kubelet.socket());
    open.add(real);
    StallingKubelet stalling = new StallingKubelet(real);
    AgentHandle agent = startAgent(config(), stalling);
    runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(1)).isEqualTo(PERFORMANCE));
    stalling.stall();
    await().atMost(10, TimeUnit.SECONDS).until(stalling::stalled); // the 3 s resync gets stuck

    // When
    agent.close(Duration.ofMillis(100));

    // Then: the stuck recompute was interrupted before close restored, so none can write after it
    assertThat(stalling.interrupted()).isTrue();
    for (int n = 0; n < 8; n++) {
      assertThat(cpu(n)).as("cpu%d", n).isEqualTo(BOOT);
    }
    assertThat(agent.restored().orElseThrow().restored()).hasToString("1-7");
  }

  /**
   * Answers as the kubelet does until {@link #stall()}; then every call waits until interrupted.
   */
  private static final class StallingKubelet implements PodResourcesSource {
    private final PodResourcesSource real;
    private final java.util.concurrent.CountDownLatch never =
        new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stall;
    private volatile boolean stalled;
    private volatile boolean interrupted;

    StallingKubelet(PodResourcesSource real) {
      this.real = real;
    }

    void stall() {
      stall = true;
    }

    boolean stalled() {
      return stalled;
    }

    boolean interrupted() {
      return interrupted;
    }

    private void maybeStall() throws PodResourcesException {
      if (!stall) {
        return;
      }
      stalled = true;
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted = true;
        Thread.currentThread().interrupt();
        throw new PodResourcesException(
            PodResourcesException.Kind.UNAVAILABLE, "interrupted while the kubelet stalled", e);
      }
    }

    @Override
    public List<PodCpus> list() throws PodResourcesException {
      maybeStall();
      return real.list();
    }

    @Override
    public CpuSet allocatable() throws PodResourcesException {
      maybeStall();
      return real.allocatable();
    }

    @Override
    public Optional<PodCpus> get(String namespace, String name) throws PodResourcesException {
      maybeStall();
      return real.get(namespace, name);
    }

    @Override
    public boolean supportsGet() {
      return real.supportsGet();
    }
  }

  @Test
  void convergesAfterBeingKilledBetweenWritesWhileItsPodWentAway() throws Exception {
    // Given: the shared pool is tuned, then the agent dies at its 2nd write for a new pod
    AgentHandle first = startAgent();
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cpu(7)).isEqualTo(SHARED));
    Map<Integer, ?> snapshot = SnapshotStore.open(dir.resolve("state")).all();
    sysfs.interceptor(WriteInterceptor.crashAtWrite(2));
    Pod pod = runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(sysfs.writeLog())
                    .anyMatch(w -> w.error() != null && w.error().contains("emulated crash")));
    first.halt();
    String cpu1Torn = cpu(1);
    deletePod(pod);
    sysfs.clearInterceptor();

    // When
    startAgent();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int n = 1; n < 8; n++) {
                assertThat(cpu(n)).as("cpu%d", n).isEqualTo(SHARED);
              }
              assertThat(workload("performance-node1-workload")).isEmpty();
            });
    assertThat(cpu1Torn).isNotEqualTo(SHARED);
    assertThat(SnapshotStore.open(dir.resolve("state")).all()).isEqualTo(snapshot);
    assertThat(SnapshotStore.open(dir.resolve("state")).all().values())
        .allMatch(s -> s.toString().equals("powersave 800000-3500000 kHz balance_performance"));
  }

  @Test
  void reportsReservedCpusThatDisagreeWithTheKubelet() throws Exception {
    // Given
    sharedWorkload(List.of(0, 1));

    // When
    startAgent();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(condition("ReservedCPUsMatch"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getMessage())
                            .isEqualTo(
                                "shared workload shared-node1-workload lists reservedCPUs 0-1; the"
                                    + " kubelet reserves 0 (online 0-7 minus allocatable 1-7); 1"
                                    + " stay out of the Shared pool, except while the kubelet gives"
                                    + " one to an exclusive pod");
                      });
              assertThat(events("ReservedCPUsMismatch")).hasSize(1);
              assertThat(cpu(1)).isEqualTo(BOOT); // listed: out of the Shared pool
              assertThat(cpu(2)).isEqualTo(SHARED);
            });
  }

  @Test
  void refusesToTuneAPodThatBreaksTheRulesAndSaysWhy() throws Exception {
    // Given: a pod that bypassed the webhook: 3 CPUs but 2 units of the profile
    startAgent();
    Pod bad = TestPods.guaranteed(NS, "bad-pod", NODE, 3, "performance");
    bad.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests()
        .put("power.intel.com/performance", new Quantity("2"));
    bad.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .put("power.intel.com/performance", new Quantity("2"));

    // When
    Pod created = client.pods().inNamespace(NS).resource(bad).create();
    kubelet.admit(created);
    created.getStatus().setPhase("Running");
    client.pods().inNamespace(NS).resource(created).updateStatus();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(events("PowerProfileNotApplied"))
                  .singleElement()
                  .satisfies(
                      e ->
                          assertThat(e.getMessage())
                              .contains("3 CPUs requested but power.intel.com/performance is 2"));
              assertThat(condition("PodsTuned"))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
              assertThat(cpu(1)).isEqualTo(SHARED);
            });
  }

  @Test
  void usesTheReconcilersExtendedProfileWhenItExists() throws Exception {
    // Given
    profile(
        "performance-node1",
        3000,
        3400,
        "performance",
        Map.of(PowerLabels.BASE_PROFILE, "performance", PowerLabels.NODE, NODE));
    startAgent();

    // When
    runPod("example-pod", 1, "performance");

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertThat(cpu(1)).isEqualTo("[powersave 3000000-3400000 performance]"));
  }

  @Test
  void reportsAMissingKubeletAndTunesOnceItAnswers() throws Exception {
    // Given
    kubelet.stop();

    // When
    startAgent();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(condition("KubeletConnected"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("SocketUnavailable");
                      });
              assertThat(cpu(4)).isEqualTo(BOOT);
            });
    kubelet.start();
    await()
        .atMost(15, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu(4)).isEqualTo(SHARED);
              assertThat(condition("KubeletConnected"))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            });
  }

  @Test
  void treatsAPodRecreatedUnderTheSameNameAsAnotherPod() throws Exception {
    // Given
    startAgent();
    Pod first = runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(events("PowerProfileApplied")).hasSize(1));

    // When
    deletePod(first);
    Pod second = runPod("example-pod", 2, "performance");

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(containersOf("performance-node1-workload"))
                  .singleElement()
                  .satisfies(
                      c -> assertThat(c.getPodUID()).isEqualTo(second.getMetadata().getUid()));
              assertThat(events("PowerProfileApplied"))
                  .extracting(e -> e.getInvolvedObject().getUid())
                  .containsExactlyInAnyOrder(
                      first.getMetadata().getUid(), second.getMetadata().getUid());
            });
    assertThat(sysfs.writeLog()).allMatch(SysfsWrite::accepted);
  }

  @Test
  void asksTheKubeletForTheNewestPodWhenAnOldOneOfTheSameNameStillHoldsCpus() throws Exception {
    // Given: example-pod runs on CPUs 1-2
    startAgent();
    Pod old = runPod("example-pod", 2, "performance");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(1)).isEqualTo(PERFORMANCE));

    // When: it is recreated while the kubelet still lists the old one (terminating)
    client.pods().inNamespace(NS).withName("example-pod").delete();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertThat(client.pods().inNamespace(NS).withName("example-pod").get()).isNull());
    Pod recreated = runPod("example-pod", 2, "performance");

    // Then: the new pod's CPUs (3-4, from Get) are tuned for the new UID
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu(3)).isEqualTo(PERFORMANCE);
              assertThat(cpu(4)).isEqualTo(PERFORMANCE);
              assertThat(containersOf("performance-node1-workload"))
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getPodUID()).isEqualTo(recreated.getMetadata().getUid());
                        assertThat(c.getExclusiveCPUs()).containsExactly(3, 4);
                      });
            });
  }

  @Test
  void anUndecodableProfileDoesNotStopProfileChangesReachingTheCpus() throws Exception {
    // Given a running agent
    AgentHandle agent = startAgent();
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cpu(5)).isEqualTo(SHARED));

    // When a profile the model cannot decode (max beyond int) is stored behind the validating
    // front, then the shared profile changes
    try (KubernetesClient raw = api.mock().createClient()) {
      raw.genericKubernetesResources(
              new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                  .withGroup("power.intel.com")
                  .withVersion("v1alpha1")
                  .withKind("PowerProfile")
                  .withPlural("powerprofiles")
                  .withNamespaced(true)
                  .build())
          .inNamespace(NS)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("power.intel.com/v1alpha1")
                  .withKind("PowerProfile")
                  .withNewMetadata()
                  .withName("poison")
                  .withNamespace(NS)
                  .endMetadata()
                  .withAdditionalProperties(
                      Map.of(
                          "spec",
                          Map.of("name", "poison", "max", 3_000_000_000L, "epp", "performance")))
                  .build())
          .create();
    }
    PowerProfile shared =
        client.resources(PowerProfile.class).inNamespace(NS).withName("shared").get();
    shared.getSpec().setMin(new IntOrString(1100));
    client.resources(PowerProfile.class).inNamespace(NS).resource(shared).update();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(cpu(5)).isEqualTo("[powersave 1100000-1500000 power]"));
    assertThat(agent.healthy()).isTrue();
  }
}
