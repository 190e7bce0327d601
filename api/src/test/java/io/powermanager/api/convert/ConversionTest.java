package io.powermanager.api.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.rules.ConfigView;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.WorkloadView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversionTest {

  @Test
  void convertsTheSeedsSharedProfile() {
    // Given
    PowerProfile cr =
        Serialization.unmarshal(
            """
            apiVersion: power.intel.com/v1alpha1
            kind: PowerProfile
            metadata: {name: shared}
            spec: {name: shared, max: 1500, min: 1000, epp: power}
            """,
            PowerProfile.class);

    // When
    var profile = ProfileConversion.valid(cr).orElseThrow();

    // Then
    assertThat(profile.name()).isEqualTo("shared");
    assertThat(profile.min()).contains(FrequencyBound.mhz(1000));
    assertThat(profile.max()).contains(FrequencyBound.mhz(1500));
    assertThat(profile.isShared()).isTrue();
  }

  @Test
  void rendersCpuCapacityAsTheUserWroteIt() {
    assertThat(ProfileConversion.text(new IntOrString(12))).isEqualTo("12");
    assertThat(ProfileConversion.text(new IntOrString("40%"))).isEqualTo("40%");
    assertThat(ProfileConversion.text(null)).isNull();
  }

  @Test
  void reportsAnInvalidProfileInsteadOfThrowing() {
    PowerProfile cr =
        Serialization.unmarshal(
            "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"min\":5,\"max\":1,\"epp\":\"balance-power\"}}",
            PowerProfile.class);
    assertThat(ProfileConversion.toDomain(cr))
        .isInstanceOf(io.powermanager.domain.power.PowerProfile.Invalid.class);
    assertThat(ProfileConversion.view(cr).epp()).isEqualTo("balance-power");
  }

  @Test
  void convertsWorkloadsAndConfigs() {
    // Given
    PowerWorkload w =
        Serialization.unmarshal(
            """
            metadata: {name: shared-node-1-workload}
            spec:
              name: shared-node-1-workload
              allCores: true
              reservedCPUs: [0, 1]
              powerNodeSelector: {kubernetes.io/hostname: node-1}
              powerProfile: shared
            """,
            PowerWorkload.class);
    PowerConfig c =
        Serialization.unmarshal(
            "{\"metadata\":{\"name\":\"power-config\"},\"spec\":{\"powerProfiles\":[\"performance\"]}}",
            PowerConfig.class);

    // When
    WorkloadView wv = WorkloadConversion.view(w);
    ConfigView cv = ConfigConversion.view(c);

    // Then
    assertThat(wv.allCores()).isTrue();
    assertThat(wv.reservedCpus()).containsExactly(0L, 1L);
    assertThat(wv.powerNodeSelector()).containsEntry("kubernetes.io/hostname", "node-1");
    assertThat(cv.powerProfiles()).containsExactly("performance");
    assertThat(cv.powerNodeSelector()).isEmpty();
  }

  @Test
  void keepsPodQuantitiesAsWritten() {
    // Given
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withNewResources()
            .addToRequests("cpu", new Quantity("1500m"))
            .addToLimits("cpu", new Quantity("2"))
            .addToLimits("power.intel.com/performance", new Quantity("2"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    // When
    PodView view = PodConversion.view(pod, "team-a");

    // Then
    assertThat(view.namespace()).isEqualTo("team-a");
    assertThat(view.containers().get(0).requests()).containsEntry("cpu", "1500m");
    assertThat(view.containers().get(0).limits())
        .containsEntry("cpu", "2")
        .containsEntry("power.intel.com/performance", "2");
  }

  @Test
  void readsHardwareHeartbeatAndCpusFromPowerNodeStatus() {
    // Given
    PowerNode node = new PowerNode();
    node.getMetadata().setName("node-1");
    PowerNodeStatus status = new PowerNodeStatus();
    NodeHardware hw = new NodeHardware();
    hw.setCoreTypes(
        List.of(coreType(800, 4700, 2100), coreType(800, 3400, 1500), coreType(0, 1, null)));
    status.setHardware(hw);
    status.setHeartbeat("2026-11-29T10:00:00Z");
    status.setAllocatableCPUs("2-15");
    status.setReservedCPUs("not a cpulist");
    node.setStatus(status);

    // Then
    assertThat(NodeConversion.commonRange(node))
        .contains(
            new HardwareRange(
                Frequency.ofMhz(800), Frequency.ofMhz(3400), Optional.of(Frequency.ofMhz(1500))));
    assertThat(NodeConversion.maxFrequency(node)).contains(Frequency.ofMhz(4700));
    assertThat(NodeConversion.heartbeat(node)).contains(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(NodeConversion.allocatableCpus(node)).contains(CpuSet.parse("2-15"));
    assertThat(NodeConversion.reservedCpus(node)).isEmpty();
    assertThat(NodeConversion.nodeName(node)).isEqualTo("node-1");
  }

  private static CoreType coreType(int min, int max, Integer base) {
    CoreType t = new CoreType();
    t.setCpuinfoMinMHz(min);
    t.setCpuinfoMaxMHz(max);
    t.setBaseMHz(base);
    return t;
  }
}
