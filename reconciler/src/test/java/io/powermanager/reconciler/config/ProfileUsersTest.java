package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.api.v1alpha1.WorkloadNodeInfo;
import io.powermanager.reconciler.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileUsersTest {

  @Test
  void findsPodsThatRequestTheProfileOrOneOfItsExtendedProfiles() {
    // Given
    List<Pod> pods =
        List.of(
            Fixtures.podRequesting("shop", "web-1", "balance-power"),
            Fixtures.podRequesting("shop", "web-2", "balance-power-node-a"),
            Fixtures.podRequesting("shop", "web-3", "performance"));

    // When
    List<String> users =
        ProfileUsers.of(Set.of("balance-power", "balance-power-node-a"), pods, List.of());

    // Then
    assertThat(users).containsExactly("pod shop/web-1", "pod shop/web-2");
  }

  @Test
  void finishedPodsNoLongerCount() {
    // Given
    Pod done =
        new PodBuilder(Fixtures.podRequesting("shop", "job-1", "balance-power"))
            .withNewStatus()
            .withPhase("Succeeded")
            .endStatus()
            .build();

    // When / Then
    assertThat(ProfileUsers.of(Set.of("balance-power"), List.of(done), List.of())).isEmpty();
  }

  @Test
  void readsLimitsAndInitContainersToo() {
    // Given
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .addNewInitContainer()
            .withName("init")
            .withNewResources()
            .addToLimits("power.intel.com/performance", new Quantity("1"))
            .endResources()
            .endInitContainer()
            .addNewContainer()
            .withName("app")
            .endContainer()
            .endSpec()
            .build();

    // When / Then
    assertThat(ProfileUsers.requested(pod)).containsExactly("performance");
  }

  @Test
  void findsWorkloadsByTheirProfileOrTheirContainersProfile() {
    // Given
    PowerWorkload byProfile = workload("balance-power-node-a-workload", "balance-power-node-a");
    PowerWorkload byContainer = workload("other-workload", "other");
    WorkloadContainer c = new WorkloadContainer();
    c.setPowerProfile("balance-power");
    WorkloadNodeInfo info = new WorkloadNodeInfo();
    info.setContainers(List.of(c));
    byContainer.getSpec().setNodeInfo(info);

    // When
    List<String> users =
        ProfileUsers.of(
            Set.of("balance-power", "balance-power-node-a"),
            List.of(),
            List.of(byProfile, byContainer, workload("unrelated", "performance")));

    // Then
    assertThat(users)
        .containsExactly(
            "PowerWorkload balance-power-node-a-workload", "PowerWorkload other-workload");
  }

  @Test
  void summarisesLongListsOfUsers() {
    assertThat(ProfileUsers.summary(List.of("a", "b", "c", "d"), 2)).isEqualTo("a, b and 2 more");
    assertThat(ProfileUsers.summary(List.of("a", "b"), 2)).isEqualTo("a, b");
  }

  private static PowerWorkload workload(String name, String profile) {
    PowerWorkload w = new PowerWorkload();
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("power").build());
    PowerWorkloadSpec spec = new PowerWorkloadSpec();
    spec.setName(name);
    spec.setPowerProfile(profile);
    w.setSpec(spec);
    return w;
  }
}
