package io.powermanager.reconciler.node;

import static io.powermanager.domain.capacity.ResourceChange.Field.ALLOCATABLE;
import static io.powermanager.domain.capacity.ResourceChange.Field.CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.capacity.ResourceChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityPatchTest {

  @Test
  void escapesTheSlashOfResourceNamesAndAddsOrRemoves() {
    // Given
    List<ResourceChange> changes =
        List.of(
            new ResourceChange.Remove(CAPACITY, "power.intel.com/balance-power"),
            new ResourceChange.Put(CAPACITY, "power.intel.com/performance", 25),
            new ResourceChange.Put(ALLOCATABLE, "power.intel.com/performance", 25));

    // When
    String json = CapacityPatch.json(CapacityPatch.operations(changes, true, true));

    // Then
    assertThat(json)
        .isEqualTo(
            "["
                + "{\"op\":\"remove\",\"path\":\"/status/capacity/power.intel.com~1balance-power\"},"
                + "{\"op\":\"add\",\"path\":\"/status/capacity/power.intel.com~1performance\","
                + "\"value\":\"25\"},"
                + "{\"op\":\"add\",\"path\":\"/status/allocatable/power.intel.com~1performance\","
                + "\"value\":\"25\"}"
                + "]");
  }

  @Test
  void addsAMissingMapBeforeItsFirstEntry() {
    // Given
    List<ResourceChange> changes =
        List.of(
            new ResourceChange.Put(ALLOCATABLE, "power.intel.com/a", 1),
            new ResourceChange.Put(ALLOCATABLE, "power.intel.com/b", 2));

    // When
    var ops = CapacityPatch.operations(changes, true, false);

    // Then
    assertThat(ops)
        .extracting(o -> o.get("op") + " " + o.get("path"))
        .containsExactly(
            "add /status/allocatable",
            "add /status/allocatable/power.intel.com~1a",
            "add /status/allocatable/power.intel.com~1b");
  }

  @Test
  void escapesATildeBeforeASlash() {
    assertThat(CapacityPatch.escape("a~/b")).isEqualTo("a~0~1b");
  }
}
