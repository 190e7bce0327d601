package io.powermanager.domain.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.pool.Pool;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodePoolsTest {

  @Test
  void listedReservedCpusStayOutOfTheSharedPoolAsIntelsTestsExpect() {
    // Given: Intel's reservedCPUs [0,1,2,3,7,8,9] on a 10-CPU node whose kubelet reserves 0-1;
    // a pod holds listed CPU 8
    CpuSet online = CpuSet.range(0, 9);
    CpuSet allocatable = CpuSet.range(2, 9);
    List<ExclusiveClaim> claims =
        List.of(new ExclusiveClaim("default/pod/app", CpuSet.of(8), "perf"));

    // When
    NodePools pools =
        NodePools.assign(
            online,
            allocatable,
            claims,
            Optional.of("shared"),
            CpuSet.parse("0-3,7-9"),
            java.util.Map.of());

    // Then
    assertThat(pools.cpus(new Pool.Shared("shared"))).hasToString("4-6");
    assertThat(pools.cpus(new Pool.Reserved())).hasToString("0-1");
    assertThat(pools.cpus(new Pool.Default())).hasToString("2-3,7,9");
    assertThat(pools.poolOf(8)).isEqualTo(new Pool.Exclusive("perf"));
    assertThat(pools.conflicts()).isEmpty();
  }

  @Test
  void listedReservedCpusGoBackToDefaultWhenThePodGoes() {
    NodePools pools =
        NodePools.assign(
            CpuSet.range(0, 9),
            CpuSet.range(2, 9),
            List.of(),
            Optional.of("shared"),
            CpuSet.parse("0-3,7-9"),
            java.util.Map.of());
    assertThat(pools.poolOf(8)).isEqualTo(new Pool.Default());
  }

  @Test
  void reservedCpusWithAProfileRunIt() {
    // Given: the kubelet reserves 0-1; the shared workload gives 0-1 profile performance
    NodePools pools =
        NodePools.assign(
            CpuSet.range(0, 7),
            CpuSet.range(2, 7),
            List.of(),
            Optional.of("shared"),
            CpuSet.range(0, 1),
            java.util.Map.of(0, "performance", 1, "performance"));

    // Then
    assertThat(pools.cpus(new Pool.Exclusive("performance"))).hasToString("0-1");
    assertThat(pools.cpus(new Pool.Shared("shared"))).hasToString("2-7");
    assertThat(pools.cpus(new Pool.Reserved())).isEqualTo(CpuSet.empty());
  }

  @Test
  void putsTheSeedsNodeInReservedExclusiveAndShared() {
    // Given
    CpuSet online = CpuSet.range(0, 10);
    CpuSet allocatable = CpuSet.range(2, 10);
    List<ExclusiveClaim> claims =
        List.of(new ExclusiveClaim("default/example-pod/app", CpuSet.parse("2-3,8-9"), "perf"));

    // When
    NodePools pools = NodePools.assign(online, allocatable, claims, Optional.of("shared"));

    // Then
    assertThat(pools.cpus(new Pool.Reserved())).hasToString("0-1");
    assertThat(pools.cpus(new Pool.Exclusive("perf"))).hasToString("2-3,8-9");
    assertThat(pools.cpus(new Pool.Shared("shared"))).hasToString("4-7,10");
    assertThat(pools.cpus(new Pool.Default())).isEqualTo(CpuSet.empty());
    assertThat(pools.conflicts()).isEmpty();
  }

  @Test
  void leavesUnclaimedCpusInDefaultWithoutSharedProfile() {
    // Given
    CpuSet online = CpuSet.range(0, 7);

    // When
    NodePools pools =
        NodePools.assign(
            online,
            CpuSet.range(1, 7),
            List.of(new ExclusiveClaim("a", CpuSet.of(4), "perf")),
            Optional.empty());

    // Then
    assertThat(pools.cpus(new Pool.Default())).hasToString("1-3,5-7");
    assertThat(pools.poolOf(4)).isEqualTo(new Pool.Exclusive("perf"));
    assertThat(pools.poolOf(0)).isEqualTo(new Pool.Reserved());
  }

  @Test
  void placesEveryOnlineCpuInExactlyOnePoolWithGapsInOnline() {
    // Given
    CpuSet online = CpuSet.parse("0-2,4-6,9");
    CpuSet allocatable = CpuSet.parse("1-2,4-6,9");
    List<ExclusiveClaim> claims =
        List.of(
            new ExclusiveClaim("a", CpuSet.of(2), "p1"),
            new ExclusiveClaim("b", CpuSet.of(5, 9), "p2"));

    // When
    NodePools pools = NodePools.assign(online, allocatable, claims, Optional.of("s"));

    // Then
    CpuSet union = CpuSet.empty();
    int total = 0;
    for (CpuSet cpus : pools.byPool().values()) {
      assertThat(union.intersects(cpus)).isFalse();
      union = union.union(cpus);
      total += cpus.size();
    }
    assertThat(union).isEqualTo(online);
    assertThat(total).isEqualTo(online.size());
    assertThat(pools.byCpu().keySet()).containsExactlyElementsOf(online.toList());
  }

  @Test
  void reportsClaimsOnReservedOfflineOrAlreadyClaimedCpus() {
    // Given
    List<ExclusiveClaim> claims =
        List.of(
            new ExclusiveClaim("ns/first/c", CpuSet.of(3), "p1"),
            new ExclusiveClaim("ns/second/c", CpuSet.of(0, 3, 12), "p2"));

    // When
    NodePools pools =
        NodePools.assign(CpuSet.range(0, 7), CpuSet.range(1, 7), claims, Optional.empty());

    // Then
    assertThat(pools.poolOf(3)).isEqualTo(new Pool.Exclusive("p1"));
    assertThat(pools.poolOf(0)).isEqualTo(new Pool.Reserved());
    assertThat(pools.conflicts())
        .containsExactly(
            "ns/second/c holds cpu 0, which the kubelet reserves",
            "ns/second/c holds cpu 3, already held by ns/first/c",
            "ns/second/c holds cpu 12, which is not online");
  }

  @Test
  void refusesToNameThePoolOfAnOfflineCpu() {
    // Given
    NodePools pools =
        NodePools.assign(CpuSet.parse("0-1,3"), CpuSet.parse("0-1,3"), List.of(), Optional.empty());

    // When / Then
    assertThatThrownBy(() -> pools.poolOf(2)).hasMessageContaining("cpu 2 is not online");
  }
}
