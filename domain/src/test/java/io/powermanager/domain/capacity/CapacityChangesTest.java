package io.powermanager.domain.capacity;

import static io.powermanager.domain.capacity.ResourceChange.Field.ALLOCATABLE;
import static io.powermanager.domain.capacity.ResourceChange.Field.CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityChangesTest {

  private static final Map<String, String> KUBELET =
      Map.of("cpu", "64", "memory", "256Gi", "pods", "110", "example.com/dongle", "4");

  @Test
  void addsMissingResourcesToCapacityAndAllocatable() {
    // When
    var changes =
        CapacityChanges.diff(KUBELET, KUBELET, Map.of("power.intel.com/performance", 25L));

    // Then
    assertThat(changes)
        .containsExactly(
            new ResourceChange.Put(CAPACITY, "power.intel.com/performance", 25),
            new ResourceChange.Put(ALLOCATABLE, "power.intel.com/performance", 25));
  }

  @Test
  void convergedNodeNeedsNoChangeWhateverTheNotation() {
    // Given
    Map<String, String> status =
        Map.of("cpu", "64", "power.intel.com/performance", "25", "power.intel.com/x", "4000m");

    // When
    var changes =
        CapacityChanges.diff(
            status, status, Map.of("power.intel.com/performance", 25L, "power.intel.com/x", 4L));

    // Then
    assertThat(changes).isEmpty();
  }

  @Test
  void reassertsAValueSomeoneElseChanged() {
    // Given
    Map<String, String> capacity = Map.of("power.intel.com/performance", "3");
    Map<String, String> allocatable = Map.of("power.intel.com/performance", "25");

    // When
    var changes =
        CapacityChanges.diff(capacity, allocatable, Map.of("power.intel.com/performance", 25L));

    // Then
    assertThat(changes)
        .containsExactly(new ResourceChange.Put(CAPACITY, "power.intel.com/performance", 25));
  }

  @Test
  void treatsAnUnparseableQuantityAsWrong() {
    // Given
    Map<String, String> status = Map.of("power.intel.com/performance", "lots");

    // When
    var changes = CapacityChanges.diff(status, status, Map.of("power.intel.com/performance", 2L));

    // Then
    assertThat(changes).hasSize(2).allMatch(c -> c instanceof ResourceChange.Put);
  }

  @Test
  void withdrawsPowerResourcesThatAreNoLongerWantedAndLeavesEveryOtherResourceAlone() {
    // Given
    Map<String, String> status =
        Map.of(
            "cpu", "64",
            "example.com/dongle", "4",
            "power.intel.com/performance", "25",
            "power.intel.com/balance-power", "51");

    // When
    var changes = CapacityChanges.diff(status, status, Map.of("power.intel.com/performance", 25L));

    // Then
    assertThat(changes)
        .containsExactly(
            new ResourceChange.Remove(CAPACITY, "power.intel.com/balance-power"),
            new ResourceChange.Remove(ALLOCATABLE, "power.intel.com/balance-power"));
  }

  @Test
  void withdrawsEverythingForAnEmptyPlan() {
    // Given
    Map<String, String> status =
        Map.of("power.intel.com/performance", "25", "power.intel.com/performance-node-a", "25");

    // When
    var changes = CapacityChanges.diff(status, Map.of(), Map.of());

    // Then
    assertThat(changes)
        .containsExactly(
            new ResourceChange.Remove(CAPACITY, "power.intel.com/performance"),
            new ResourceChange.Remove(CAPACITY, "power.intel.com/performance-node-a"));
  }

  @Test
  void refusesToPlanAResourceOutsideThePowerPrefix() {
    assertThatThrownBy(() -> CapacityChanges.diff(Map.of(), Map.of(), Map.of("cpu", 4L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpu");
  }
}
