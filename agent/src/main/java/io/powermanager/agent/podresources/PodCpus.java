package io.powermanager.agent.podresources;

import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Objects;

/**
 * A pod as the kubelet's PodResources API reports it: namespace, name (no UID: the API has none)
 * and each app container's exclusive CPUs (empty for containers on the shared pool).
 */
public record PodCpus(String namespace, String name, List<ContainerCpus> containers) {

  public PodCpus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    containers = List.copyOf(containers);
  }

  /** One container and its exclusive CPUs. */
  public record ContainerCpus(String name, CpuSet cpus) {
    public ContainerCpus {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(cpus, "cpus");
    }
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The union of the containers' exclusive CPUs. */
  public CpuSet exclusiveCpus() {
    CpuSet all = CpuSet.empty();
    for (ContainerCpus c : containers) {
      all = all.union(c.cpus());
    }
    return all;
  }
}
