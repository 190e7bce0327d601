package io.powermanager.domain.capacity;

import io.powermanager.domain.Quantity;
import io.powermanager.domain.power.PowerNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The changes that bring a node's advertised power resources to a plan. Only resources under {@code
 * power.intel.com/} are ever touched; every other capacity entry belongs to the kubelet or a device
 * plugin. Pure and thread-safe.
 */
public final class CapacityChanges {

  private CapacityChanges() {}

  /**
   * What to change so that both {@code status.capacity} and {@code status.allocatable} hold exactly
   * {@code desired} among the power resources. Empty when they already do, whatever notation the
   * quantities are in ({@code 4} equals {@code 4000m}).
   *
   * @param capacity the node's {@code status.capacity} as quantity strings (may be empty)
   * @param allocatable the node's {@code status.allocatable} as quantity strings (may be empty)
   * @param desired resource name to count, as {@link CapacityPlan#resources()} gives it
   * @return removals and puts, capacity first, each field sorted by resource name
   */
  public static List<ResourceChange> diff(
      Map<String, String> capacity, Map<String, String> allocatable, Map<String, Long> desired) {
    List<ResourceChange> changes = new ArrayList<>();
    diff(ResourceChange.Field.CAPACITY, capacity, desired, changes);
    diff(ResourceChange.Field.ALLOCATABLE, allocatable, desired, changes);
    return List.copyOf(changes);
  }

  private static void diff(
      ResourceChange.Field field,
      Map<String, String> current,
      Map<String, Long> desired,
      List<ResourceChange> out) {
    TreeSet<String> names = new TreeSet<>(desired.keySet());
    current.keySet().stream().filter(PowerNames::isPowerResource).forEach(names::add);
    for (String name : names) {
      if (!PowerNames.isPowerResource(name)) {
        throw new IllegalArgumentException(
            "desired resource " + name + " is not under " + PowerNames.RESOURCE_PREFIX);
      }
      Long want = desired.get(name);
      String have = current.get(name);
      if (want == null) {
        out.add(new ResourceChange.Remove(field, name));
      } else if (!sameCount(have, want)) {
        out.add(new ResourceChange.Put(field, name, want));
      }
    }
  }

  private static boolean sameCount(String quantity, long count) {
    Optional<Quantity> q = Quantity.parse(quantity);
    return q.isPresent() && q.get().value().compareTo(BigDecimal.valueOf(count)) == 0;
  }
}
