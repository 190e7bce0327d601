package io.powermanager.agent.node;

import io.powermanager.agent.kube.PodKey;
import io.powermanager.domain.CpuSet;
import java.util.Objects;

/**
 * A container whose exclusive CPUs run a profile.
 *
 * @param pod the pod
 * @param container the container name
 * @param containerId the runtime id (scheme stripped), or a stable hash of pod UID and name when
 *     the status has none yet
 * @param cpus its exclusive CPUs, from the kubelet
 * @param requested the profile the pod asked for ({@code performance})
 * @param profile the profile the CPUs run ({@code performance-node1})
 * @param workload the PowerWorkload holding them ({@code performance-node1-workload})
 */
public record TunedContainer(
    PodKey pod,
    String container,
    String containerId,
    CpuSet cpus,
    String requested,
    String profile,
    String workload) {

  public TunedContainer {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(workload, "workload");
  }

  /** {@code namespace/pod/container}. */
  public String owner() {
    return pod.nsName() + "/" + container;
  }
}
