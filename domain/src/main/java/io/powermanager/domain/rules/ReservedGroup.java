package io.powermanager.domain.rules;

import java.util.List;

/**
 * Reserved CPUs a shared workload tunes with a profile (v1's {@code reservedCPUs[]} with a {@code
 * powerProfile}, v1alpha1's {@code reservedCPUGroups[]}). Raw numbers, so the rules can name a bad
 * one.
 *
 * @param powerProfile null when the group names none (its CPUs are left as they are)
 */
public record ReservedGroup(List<Long> cores, String powerProfile) {

  public ReservedGroup {
    cores =
        cores == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cores));
  }
}
