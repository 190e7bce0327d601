package io.powermanager.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.TestPods;
import io.powermanager.agent.TestPowerObjects;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.NodeSchedule;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerScheduleEntry;
import io.powermanager.api.v1alpha1.PowerScheduleSpec;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.ProfileOverride;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.api.v1alpha1.TimeOfDayEntry;
import io.powermanager.api.v1alpha1.TimeOfDaySpec;
import io.powermanager.api.v1alpha1.Uncore;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Two agents (node-1, node-2: the {@code small} model, 8 CPUs, the kubelet reserves cpu 0) on one
 * embedded API server, on one test clock that only the test moves: a TimeOfDay and a PowerSchedule
 * switch what node-1's CPUs run, and leave node-2 alone.
 */
class ScheduleIT {

  static final String NS = "default";
  static final String SHARED = "[powersave 1000000-1500000 power]";
  static final Instant T0 = Instant.parse("2026-06-10T12:00:00Z");

  @TempDir Path dir;

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private final TestClock clock = new TestClock(T0);
  private final Map<String, EmulatedSysfs> sysfs = new java.util.TreeMap<>();
  private final Map<String, EmulatedKubelet> kubelets = new java.util.TreeMap<>();
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
        .resources(PowerProfile.class)
        .inNamespace(NS)
        .resource(TestPowerObjects.profile(NS, "shared", 1000, 1500, "power", Map.of()))
        .create();
    for (String base : List.of("performance", "balance-performance", "balance-power")) {
      client
          .resources(PowerProfile.class)
          .inNamespace(NS)
          .resource(
              TestPowerObjects.profile(NS, base, null, null, base.replace('-', '_'), Map.of()))
          .create();
    }
    for (String node : List.of("node-1", "node-2")) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .addToLabels("kubernetes.io/hostname", node)
                  .endMetadata()
                  .build())
          .create();
      client
          .resources(PowerWorkload.class)
          .inNamespace(NS)
          .resource(
              TestPowerObjects.sharedWorkload(
                  NS,
                  "shared-" + node + "-workload",
                  "shared",
                  List.of(0),
                  Map.of("kubernetes.io/hostname", node)))
          .create();
      sysfs.put(node, EmulatedSysfs.inMemory(HardwareModel.small()));
      EmulatedKubelet kubelet =
          EmulatedKubelet.builder(dir.resolve(node + ".sock"), CpuSet.range(0, 7), CpuSet.of(0))
              .build()
              .start();
      kubelets.put(node, kubelet);
      open.add(kubelet);
    }
    for (String node : List.of("node-1", "node-2")) {
      startAgent(node);
    }
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    api.close();
    conversion.close();
  }

  private void startAgent(String node) throws Exception {
    KubeletPodResources podResources = KubeletPodResources.connect(kubelets.get(node).socket());
    open.add(podResources);
    KubernetesClient agentClient = AgentKubernetesClient.build(api.clientConfig());
    open.add(agentClient);
    EmulatedSysfs cpus = sysfs.get(node);
    AgentHandle agent =
        NodeAgent.start(
            AgentConfig.defaults(node, NS)
                .withStateDir(dir.resolve(node + "-state"))
                .withPodResourcesSocket(kubelets.get(node).socket())
                .withSysfsRoot(dir.resolve("unused-sys"))
                .withResyncInterval(Duration.ofMillis(500))
                .withHeartbeatInterval(Duration.ofMinutes(10)),
            agentClient,
            SysfsPort.of(cpus::read, cpus::write, cpus::exists, cpus::list),
            podResources,
            new PrometheusRegistry(),
            clock);
    open.add(agent::halt);
  }

  /** The sysfs settings of {@code node}'s {@code cpu}, as {@code [governor min-max epp]}. */
  private String cpu(String node, int cpu) {
    return sysfs.get(node).cpu(cpu).toString().substring(("cpu" + cpu).length());
  }

  /** The window {@code base}'s extended profile gets on a {@code small} node. */
  private static String window(BaseProfile base, String node) {
    var p =
        ExtendedProfiles.derive(
            base.asProfile(), base, node, HardwareRange.ofKhz(800_000, 3_500_000));
    return "[powersave "
        + p.min().flatMap(b -> b.absolute()).orElseThrow().khz()
        + "-"
        + p.max().flatMap(b -> b.absolute()).orElseThrow().khz()
        + " "
        + p.epp().map(e -> e.sysfsValue()).orElse("-")
        + "]";
  }

  private Optional<NodeSchedule> scheduleOn(String node) {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(NS).withName(node).get();
    return Optional.ofNullable(pn)
        .map(PowerNode::getStatus)
        .map(io.powermanager.api.v1alpha1.PowerNodeStatus::getSchedule);
  }

  private static TimeOfDayEntry at(String time, String profile) {
    TimeOfDayEntry e = new TimeOfDayEntry();
    e.setTime(time);
    e.setPowerProfile(profile);
    return e;
  }

  private void assertSharedCpus(String node, String expected) {
    for (int n = 1; n < 8; n++) {
      assertThat(cpu(node, n)).as("%s cpu%d", node, n).isEqualTo(expected);
    }
  }

  @Test
  void aTimeOfDayAppliesItsCurrentEntrySwitchesAtTheNextAndIsUndoneByDelete() {
    // Given: both nodes' Shared pools at the shared profile
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertSharedCpus("node-1", SHARED);
              assertSharedCpus("node-2", SHARED);
            });
    TimeOfDay tod = new TimeOfDay();
    tod.getMetadata().setName("node-1");
    tod.getMetadata().setNamespace(NS);
    TimeOfDaySpec spec = new TimeOfDaySpec();
    spec.setTimeZone("UTC");
    spec.setSchedule(List.of(at("11:59", "balance-performance"), at("12:00:30", "balance-power")));
    tod.setSpec(spec);

    // When: created at 12:00:00, a minute after its first entry and 30 s before its second
    client.resources(TimeOfDay.class).inNamespace(NS).resource(tod).create();

    // Then
    String balancePerformance = window(BaseProfile.BALANCE_PERFORMANCE, "node-1");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertSharedCpus("node-1", balancePerformance);
              assertThat(scheduleOn("node-1"))
                  .hasValueSatisfying(
                      s -> {
                        assertThat(s.getActiveEntry()).isEqualTo("schedule[0] 11:59");
                        assertThat(s.getActiveSince()).isEqualTo("2026-06-10T11:59:00Z");
                        assertThat(s.getNextTransition()).isEqualTo("2026-06-10T12:00:30Z");
                        assertThat(s.getSharedProfile()).isEqualTo("balance-performance-node-1");
                      });
            });
    assertSharedCpus("node-2", SHARED);
    assertThat(cpu("node-1", 0)).isEqualTo(cpu("node-2", 0)); // reserved: untouched

    // When: the clock reaches the second entry
    clock.advance(Duration.ofSeconds(30));

    // Then
    String balancePower = window(BaseProfile.BALANCE_POWER, "node-1");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertSharedCpus("node-1", balancePower);
              assertThat(scheduleOn("node-1").map(NodeSchedule::getActiveEntry))
                  .contains("schedule[1] 12:00:30");
            });
    assertSharedCpus("node-2", SHARED);
    assertThat(scheduleOn("node-2")).isEmpty();

    // When
    client.resources(TimeOfDay.class).inNamespace(NS).withName("node-1").delete();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertSharedCpus("node-1", SHARED);
              assertThat(scheduleOn("node-1")).isEmpty();
            });
  }

  @Test
  void aProfileOverrideRetunesTheLabelledPodOnTheSelectedNodeOnly() {
    // Given: a pod labelled power=true on each node, both asking for performance
    Map<String, Pod> pods = new java.util.TreeMap<>();
    for (String node : List.of("node-1", "node-2")) {
      Pod pod = TestPods.guaranteed(NS, "web-" + node, node, 2, "performance");
      pod.getMetadata().getLabels().put("power", "true");
      Pod created = client.pods().inNamespace(NS).resource(pod).create();
      kubelets.get(node).admit(created);
      pods.put(node, created);
    }
    String performance1 = window(BaseProfile.PERFORMANCE, "node-1");
    String performance2 = window(BaseProfile.PERFORMANCE, "node-2");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu("node-1", 1)).isEqualTo(performance1);
              assertThat(cpu("node-2", 1)).isEqualTo(performance2);
            });
    PowerSchedule schedule = new PowerSchedule();
    schedule.getMetadata().setName("off-peak");
    schedule.getMetadata().setNamespace(NS);
    PowerScheduleSpec spec = new PowerScheduleSpec();
    spec.setNodeSelector(
        new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/hostname", "node-1").build());
    PowerScheduleEntry entry = new PowerScheduleEntry();
    entry.setAt("00:00");
    ProfileOverride override = new ProfileOverride();
    override.setPodSelector(new LabelSelectorBuilder().addToMatchLabels("power", "true").build());
    override.setTo("balance-performance");
    entry.setProfileOverrides(List.of(override));
    spec.setEntries(List.of(entry));
    schedule.setSpec(spec);

    // When
    client.resources(PowerSchedule.class).inNamespace(NS).resource(schedule).create();

    // Then
    String retuned = window(BaseProfile.BALANCE_PERFORMANCE, "node-1");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(cpu("node-1", 1)).isEqualTo(retuned);
              assertThat(cpu("node-1", 2)).isEqualTo(retuned);
              assertThat(retuneEvents())
                  .singleElement()
                  .satisfies(
                      e ->
                          assertThat(e.getInvolvedObject().getUid())
                              .isEqualTo(pods.get("node-1").getMetadata().getUid()));
            });
    assertThat(cpu("node-2", 1)).isEqualTo(performance2);
    assertThat(cpu("node-2", 2)).isEqualTo(performance2);
    assertThat(
            client
                .resources(PowerWorkload.class)
                .inNamespace(NS)
                .withName("performance-node-1-workload")
                .get())
        .as("accounting stays on the requested profile")
        .isNotNull();
    assertThat(retuneEvents().get(0).getMessage())
        .startsWith(
            "container example-power-container: CPUs 1-2 run balance-performance-node-1 instead"
                + " of performance-node-1 by PowerSchedule default/off-peak entries[0] 00:00");
  }

  /** {@code C1E C6} disabled states of {@code node}'s {@code cpu}, as {@code C1E=.. C6=..}. */
  private String idle(String node, int cpu) {
    var c = sysfs.get(node).cpu(cpu);
    return "C1E=" + c.idleStateDisabled("C1E") + " C6=" + c.idleStateDisabled("C6");
  }

  private String uncore(String node) {
    var u = sysfs.get(node).uncore(0, 0);
    return u.minKhz() + "/" + u.maxKhz();
  }

  @Test
  void anEntrysCStateAndUncoreLayersLieOverTheNodesObjectsWhileActiveAndGoWithTheEntryOrObject() {
    // Given: node-1's own CStates (Shared pool C6 off) and Uncore (1300000-2300000 kHz)
    CStates cstates = new CStates();
    cstates.getMetadata().setName("node-1");
    cstates.getMetadata().setNamespace(NS);
    cstates.setSpec(new CStatesSpec());
    cstates.getSpec().setSharedPoolCStates(Map.of("C6", false));
    client.resource(cstates).create();
    Uncore uncore = new Uncore();
    uncore.getMetadata().setName("node-1");
    uncore.getMetadata().setNamespace(NS);
    uncore.setSpec(new UncoreSpec());
    uncore.getSpec().setSysMin(1_300_000L);
    uncore.getSpec().setSysMax(2_300_000L);
    client.resource(uncore).create();
    String bootIdle = idle("node-2", 1);
    String bootUncore = uncore("node-2");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(idle("node-1", 1)).isEqualTo("C1E=false C6=true");
              assertThat(uncore("node-1")).isEqualTo("1300000/2300000");
            });
    // an entry since 11:59 turns C6 back on and C1E off and lowers the uncore ceiling; the next,
    // at 12:00:30, has no layers
    PowerScheduleEntry peak = new PowerScheduleEntry();
    peak.setAt("11:59");
    peak.setCstates(new CStatesSpec());
    peak.getCstates().setSharedPoolCStates(Map.of("C6", true, "C1E", false));
    peak.setUncore(new UncoreSpec());
    peak.getUncore().setSysMax(2_000_000L);
    PowerScheduleEntry offPeak = new PowerScheduleEntry();
    offPeak.setAt("12:00:30");
    PowerSchedule schedule = new PowerSchedule();
    schedule.getMetadata().setName("layers");
    schedule.getMetadata().setNamespace(NS);
    schedule.setSpec(new PowerScheduleSpec());
    schedule
        .getSpec()
        .setNodeSelector(
            new LabelSelectorBuilder()
                .addToMatchLabels("kubernetes.io/hostname", "node-1")
                .build());
    schedule.getSpec().setEntries(List.of(peak, offPeak));

    // When: created at 12:00:00, inside the first entry
    client.resources(PowerSchedule.class).inNamespace(NS).resource(schedule).create();

    // Then: the layer wins per state and per bound; what it leaves alone stays the objects'
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int cpu = 1; cpu < 8; cpu++) {
                assertThat(idle("node-1", cpu)).as("cpu%d", cpu).isEqualTo("C1E=true C6=false");
              }
              assertThat(uncore("node-1")).isEqualTo("1300000/2000000");
              assertThat(scheduleOn("node-1").map(NodeSchedule::getProblems))
                  .hasValueSatisfying(p -> assertThat(p).isEmpty());
            });
    assertThat(idle("node-1", 0)).as("reserved cpu0 has no layer").isEqualTo(bootIdle);
    assertThat(idle("node-2", 1)).isEqualTo(bootIdle);
    assertThat(uncore("node-2")).isEqualTo(bootUncore);

    // When: the entry ends
    clock.advance(Duration.ofSeconds(30));

    // Then: back to the objects alone
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(idle("node-1", 1)).isEqualTo("C1E=false C6=true");
              assertThat(uncore("node-1")).isEqualTo("1300000/2300000");
            });

    // When: the entry is active again the next day
    clock.advance(Duration.ofHours(24).minusSeconds(60));

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(idle("node-1", 1)).isEqualTo("C1E=true C6=false");
              assertThat(uncore("node-1")).isEqualTo("1300000/2000000");
            });

    // When: the schedule is deleted, then the objects
    client.resources(PowerSchedule.class).inNamespace(NS).withName("layers").delete();

    // Then
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(idle("node-1", 1)).isEqualTo("C1E=false C6=true");
              assertThat(uncore("node-1")).isEqualTo("1300000/2300000");
            });

    // When
    client.resources(CStates.class).inNamespace(NS).withName("node-1").delete();
    client.resources(Uncore.class).inNamespace(NS).withName("node-1").delete();

    // Then: every value at boot
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(idle("node-1", 1)).isEqualTo(bootIdle);
              assertThat(uncore("node-1")).isEqualTo(bootUncore);
            });
  }

  private List<Event> retuneEvents() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "PowerProfileRetuned".equals(e.getReason()))
        .toList();
  }
}
