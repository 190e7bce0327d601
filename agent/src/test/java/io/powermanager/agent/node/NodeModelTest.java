package io.powermanager.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.agent.TestPods;
import io.powermanager.agent.TestPowerObjects;
import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeModelTest {

  static final String NODE = "node1";
  static final HardwareFacts SMALL = discover(HardwareModel.small());

  static HardwareFacts discover(HardwareModel model) {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);
    try {
      return HardwareDiscovery.discover(
          SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static PowerProfile profile(
      String name, Integer min, Integer max, String epp, Map<String, String> labels) {
    return TestPowerObjects.profile("default", name, min, max, epp, labels);
  }

  static PowerWorkload shared(
      String name, String profile, List<Integer> reserved, Map<String, String> selector) {
    return TestPowerObjects.sharedWorkload("default", name, profile, reserved, selector);
  }

  /** Everything the seed has: base performance, shared profile and workload, a node label. */
  private final List<PowerProfile> profiles =
      new ArrayList<>(
          List.of(
              profile("performance", null, null, "performance", Map.of()),
              profile("shared", 1000, 1500, "power", Map.of())));

  private final List<PowerWorkload> workloads =
      new ArrayList<>(
          List.of(
              shared(
                  "shared-node1-workload",
                  "shared",
                  List.of(0),
                  Map.of("kubernetes.io/hostname", NODE))));
  private final List<Pod> pods = new ArrayList<>();
  private final Map<String, PodCpus> kubelet = new TreeMap<>();

  private Pod pod(String name, int cpus, String profile, CpuSet granted) {
    Pod pod = TestPods.guaranteed("default", name, NODE, cpus, profile);
    pods.add(pod);
    kubelet.put(
        "default/" + name,
        new PodCpus(
            "default",
            name,
            List.of(new PodCpus.ContainerCpus("example-power-container", granted))));
    return pod;
  }

  private NodeModel compute(Set<String> ambiguous) {
    return NodeModel.compute(
        new NodeModel.Inputs(
            NODE,
            SMALL,
            CpuSet.range(1, 7),
            kubelet,
            ambiguous,
            pods,
            profiles,
            workloads,
            Map.of("kubernetes.io/hostname", NODE)));
  }

  private NodeModel compute() {
    return compute(Set.of());
  }

  @Test
  void derivesTheExtendedProfileLocallyWhenTheReconcilerHasNotMadeItYet() {
    // Given
    Pod pod = pod("example-pod", 2, "performance", CpuSet.of(1, 2));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.containers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.profile()).isEqualTo("performance-node1");
              assertThat(c.workload()).isEqualTo("performance-node1-workload");
              assertThat(c.pod().uid()).isEqualTo(pod.getMetadata().getUid());
              assertThat(c.cpus()).hasToString("1-2");
            });
    assertThat(model.profile("performance-node1").orElseThrow().min())
        .contains(io.powermanager.domain.power.FrequencyBound.mhz(3300));
    assertThat(model.claims())
        .containsExactly(
            new ExclusiveClaim(
                "default/example-pod/example-power-container",
                CpuSet.of(1, 2),
                "performance-node1"));
    assertThat(model.sharedProfile()).contains("shared");
    assertThat(model.reservedMismatch()).isEmpty();
  }

  @Test
  void prefersTheExtendedProfileFoundByLabels() {
    // Given
    profiles.add(extendedPerformanceProfile());
    pod("example-pod", 2, "performance", CpuSet.of(1, 2));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.profile("performance-node1").orElseThrow().max())
        .contains(io.powermanager.domain.power.FrequencyBound.mhz(3400));
  }

  @Test
  void putsAPodAskingForTheExtendedProfileByNameInTheBaseProfilesWorkload() {
    // Given
    profiles.add(extendedPerformanceProfile());
    pod("a", 1, "performance", CpuSet.of(1));
    pod("b", 1, "performance-node1", CpuSet.of(2));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.byWorkload()).containsOnlyKeys("performance-node1-workload");
    assertThat(model.byWorkload().get("performance-node1-workload")).hasSize(2);
  }

  @Test
  void skipsPodsTheKubeletHasNotAdmittedAndFinishedPods() {
    // Given
    Pod pending = TestPods.guaranteed("default", "pending", NODE, 2, "performance");
    pods.add(pending);
    Pod done = pod("done", 2, "performance", CpuSet.of(3, 4));
    done.getStatus().setPhase("Succeeded");

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.containers()).isEmpty();
    assertThat(model.podProblems()).isEmpty();
  }

  @Test
  void refusesAPodThatBreaksTheRules() {
    // Given: a bypassed webhook let 3 CPUs with 2 profile units through
    Pod pod = pod("bad", 3, "performance", CpuSet.of(1, 2, 3));
    pod.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .put("power.intel.com/performance", new Quantity("2"));
    pod.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests()
        .put("power.intel.com/performance", new Quantity("2"));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.containers()).isEmpty();
    assertOnlyProblemSays(model, "3 CPUs requested but power.intel.com/performance is 2");
  }

  @Test
  void reportsAContainerWithoutExclusiveCpus() {
    // Given
    pod("shared-cpus", 2, "performance", CpuSet.empty());

    // When
    NodeModel model = compute();

    // Then
    assertOnlyProblemSays(model, "has no exclusive CPUs from the kubelet");
  }

  @Test
  void waitsWhenTheKubeletListsTwoPodsOfTheSameName() {
    // Given
    pod("twin", 2, "performance", CpuSet.of(1, 2));

    // When
    NodeModel model = compute(Set.of("default/twin"));

    // Then
    assertThat(model.containers()).isEmpty();
    assertOnlyProblemSays(model, "more than one pod named default/twin");
  }

  @Test
  void usesTheRuntimeContainerIdWithoutItsScheme() {
    // Given
    Pod pod = pod("example-pod", 2, "performance", CpuSet.of(1, 2));
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("example-power-container")
                    .withContainerID("containerd://f1be89f7dda457a7")
                    .build()));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.containers().get(0).containerId()).isEqualTo("f1be89f7dda457a7");
  }

  @Test
  void theOldestSharedWorkloadSelectingTheNodeWinsAndTheOtherIsReported() {
    // Given: a newer workload whose name sorts first also selects the node
    workloads.get(0).getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    PowerWorkload newer =
        shared("a-newer", "shared", List.of(0), Map.of("kubernetes.io/hostname", NODE));
    newer.getMetadata().setCreationTimestamp("2026-06-01T00:00:00Z");
    workloads.add(newer);

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.shared())
        .hasValueSatisfying(s -> assertThat(s.workload()).isEqualTo("shared-node1-workload"));
    assertThat(model.sharedProblems())
        .containsExactly(
            "shared workloads [a-newer] also select node "
                + NODE
                + "; only shared-node1-workload (the oldest) is applied");
  }

  @Test
  void reservedGroupsWithAProfileRunItsResolvedProfile() {
    // Given: reserved CPU 0 with the base profile performance (resolved per node)
    PowerWorkload w = workloads.get(0);
    var group = new io.powermanager.api.v1alpha1.ReservedCpuGroup();
    group.setCores(List.of(0));
    group.setPowerProfile("performance");
    w.getSpec().setReservedCPUGroups(List.of(group));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.reservedProfiles()).containsOnlyKeys(0);
    assertThat(model.profile(model.reservedProfiles().get(0))).isPresent();
    assertThat(model.listedReserved()).hasToString("0");
    assertThat(model.reservedMismatch()).isEmpty();
  }

  @Test
  void reportsReservedCpusThatDisagreeWithTheKubelet() {
    // Given
    workloads.set(
        0,
        shared(
            "shared-node1-workload",
            "shared",
            List.of(0, 1),
            Map.of("kubernetes.io/hostname", NODE)));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.reservedMismatch())
        .contains(
            "shared workload shared-node1-workload lists reservedCPUs 0-1; the kubelet reserves 0"
                + " (online 0-7 minus allocatable 1-7); 1 stay out of the Shared pool, except"
                + " while the kubelet gives one to an exclusive pod");
    assertThat(model.listedReserved()).hasToString("0-1");
    assertThat(model.reserved()).hasToString("0");
  }

  @Test
  void ignoresASharedWorkloadOfAnotherNodeAndRejectsANonSharedProfile() {
    // Given
    workloads.set(
        0,
        shared(
            "shared-node2-workload",
            "shared",
            List.of(0),
            Map.of("kubernetes.io/hostname", "node2")));
    NodeModel otherNode = compute();
    workloads.set(
        0,
        shared(
            "shared-node1-workload",
            "performance",
            List.of(0),
            Map.of("kubernetes.io/hostname", NODE)));

    // When
    NodeModel wrongProfile = compute();

    // Then
    assertThat(otherNode.shared()).isEmpty();
    assertThat(otherNode.sharedProblems()).isEmpty();
    assertThat(wrongProfile.shared()).isEmpty();
    assertThat(wrongProfile.sharedProblems())
        .singleElement()
        .asString()
        .contains("not a shared profile");
  }

  @Test
  void appliesOnlyTheFirstOfTwoSharedWorkloadsSelectingTheNode() {
    // Given
    workloads.add(shared("shared-b", "shared", List.of(0), Map.of("kubernetes.io/hostname", NODE)));

    // When
    NodeModel model = compute();

    // Then
    assertThat(model.shared().orElseThrow().workload()).isEqualTo("shared-b");
    assertThat(model.shared().orElseThrow().ignoredWorkloads())
        .containsExactly("shared-node1-workload");
    assertThat(model.sharedProblems()).singleElement().asString().contains("only shared-b");
  }

  /** The model reports exactly one pod problem, and it says {@code text}. */
  private static void assertOnlyProblemSays(NodeModel model, String text) {
    assertThat(model.podProblems().values()).singleElement().asString().contains(text);
  }

  /** performance-node1 at 3000–3400 MHz, labelled as this node's extension of performance. */
  private static PowerProfile extendedPerformanceProfile() {
    return profile(
        "performance-node1",
        3000,
        3400,
        "performance",
        Map.of(PowerLabels.BASE_PROFILE, "performance", PowerLabels.NODE, NODE));
  }
}
