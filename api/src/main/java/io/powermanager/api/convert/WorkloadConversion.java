package io.powermanager.api.convert;

import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.WorkloadNodeInfo;
import io.powermanager.domain.rules.ReservedGroup;
import io.powermanager.domain.rules.WorkloadView;
import java.util.List;
import java.util.Optional;

/** PowerWorkload custom resource → the rules' view. Stateless. */
public final class WorkloadConversion {

  private WorkloadConversion() {}

  public static WorkloadView view(PowerWorkload cr) {
    PowerWorkloadSpec spec = Optional.ofNullable(cr.getSpec()).orElseGet(PowerWorkloadSpec::new);
    WorkloadNodeInfo info = spec.getNodeInfo();
    return new WorkloadView(
        cr.getMetadata() == null ? null : cr.getMetadata().getName(),
        spec.getName(),
        Boolean.TRUE.equals(spec.getAllCores()),
        longs(spec.getReservedCPUs()),
        spec.getPowerNodeSelector(),
        spec.getPowerProfile(),
        info == null ? null : info.getName(),
        info == null ? List.of() : longs(info.getCpuIds()),
        spec.getReservedCPUGroups() == null
            ? List.of()
            : spec.getReservedCPUGroups().stream()
                .filter(java.util.Objects::nonNull)
                .map(g -> new ReservedGroup(longs(g.getCores()), g.getPowerProfile()))
                .toList());
  }

  static List<Long> longs(List<Integer> ids) {
    return ids == null
        ? List.of()
        : ids.stream().map(i -> i == null ? null : i.longValue()).toList();
  }
}
