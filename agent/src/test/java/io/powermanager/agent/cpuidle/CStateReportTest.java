package io.powermanager.agent.cpuidle;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.PodEvent;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.agent.node.TunedContainer;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.v1alpha1.CpuIdleStates;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.cstates.CStatesConfig;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CStateReportTest {

  @TempDir Path stateDir;

  private static final PodKey POD = new PodKey("default", "example-power-pod", "uid-1");

  private static NodeModel modelWithPodOn(CpuSet cpus) {
    return new NodeModel(
        "node-1",
        List.of(
            new TunedContainer(
                POD,
                "app",
                "id",
                cpus,
                "performance",
                "performance-node-1",
                "performance-node-1-workload")),
        Map.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Map.of(),
        CpuSet.parse("0-7"),
        CpuSet.parse("2-7"));
  }

  @Test
  void namesTheStatesChangedOnThePodsCpusAndGroupsTheStatus() throws Exception {
    // Given: Intel's example; the pod holds CPUs 2-3 and 5 is overridden individually
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    SysfsPort port = SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists);
    Tuner tuner = new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
    CStatesConfig config =
        new CStatesConfig(
            "node-1",
            Map.of("C1", true),
            Map.of("performance", Map.of("C1", false)),
            Map.of(5, Map.of("C1", true, "C6", false)));
    CStateIntent intent =
        new CStateIntent("node-1", Map.of(), Optional.of(config), Optional.empty(), List.of());
    NodePools pools =
        NodePools.assign(
            CpuSet.parse("0-7"),
            CpuSet.parse("2-7"),
            List.of(new ExclusiveClaim("pod", CpuSet.parse("2-3"), "performance-node-1")),
            Optional.of("shared"));
    Tuner.Outcome outcome = tuner.converge(pools, n -> Optional.empty(), intent);

    // When
    CStateReport report =
        CStateReport.compute(modelWithPodOn(CpuSet.parse("2-3")), outcome, intent);

    // Then
    assertThat(report.events())
        .containsExactly(
            new PodEvent(
                POD, false, CStateReport.EVENT_REASON, "idle states: C1 disabled on CPUs 2-3"));
    assertThat(report.states())
        .extracting(CpuIdleStates::getCpus, CpuIdleStates::getDisabled)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2-3", List.of("C1")),
            org.assertj.core.groups.Tuple.tuple("4,6-7", List.of()),
            org.assertj.core.groups.Tuple.tuple("5", List.of("C6")));
    assertThat(report.condition()).singleElement().satisfies(c -> assertThat(c.status()).isTrue());
    assertThat(report.disabled().get(5)).containsEntry("C6", true).containsEntry("C1", false);
  }

  @Test
  void warnsThePodWhenAnIndividualCoreOverrideBeatsItsProfile() throws Exception {
    // Given: CPU 3 of the pod has its own entry
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    SysfsPort port = SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists);
    Tuner tuner = new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
    CStatesConfig config =
        new CStatesConfig("node-1", Map.of(), Map.of(), Map.of(3, Map.of("C6", false)));
    CStateIntent intent =
        new CStateIntent("node-1", Map.of(), Optional.of(config), Optional.empty(), List.of());
    NodePools pools =
        NodePools.assign(
            CpuSet.parse("0-7"),
            CpuSet.parse("2-7"),
            List.of(new ExclusiveClaim("pod", CpuSet.parse("2-3"), "performance-node-1")),
            Optional.of("shared"));
    Tuner.Outcome outcome = tuner.converge(pools, n -> Optional.empty(), intent);

    // When
    CStateReport report =
        CStateReport.compute(modelWithPodOn(CpuSet.parse("2-3")), outcome, intent);

    // Then
    assertThat(report.events())
        .filteredOn(PodEvent::warning)
        .singleElement()
        .extracting(PodEvent::reason)
        .isEqualTo(CStateReport.OVERRIDE_REASON);
  }
}
