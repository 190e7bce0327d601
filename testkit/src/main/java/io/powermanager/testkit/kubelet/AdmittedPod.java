package io.powermanager.testkit.kubelet;

import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod the emulated kubelet admitted, identified by namespace, name and UID.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param uid the pod's UID
 * @param qosClass its QoS class as the kubelet computed it
 * @param containers its app containers in spec order, each with its exclusive CPUs
 */
public record AdmittedPod(
    String namespace,
    String name,
    String uid,
    QosClass qosClass,
    List<AdmittedContainer> containers) {

  public AdmittedPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(qosClass, "qosClass");
    containers = List.copyOf(containers);
  }

  /** The union of the containers' exclusive CPUs. */
  public CpuSet exclusiveCpus() {
    CpuSet all = CpuSet.empty();
    for (AdmittedContainer container : containers) {
      all = all.union(container.exclusiveCpus());
    }
    return all;
  }

  /** One container by name. */
  public Optional<AdmittedContainer> container(String containerName) {
    return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
  }

  @Override
  public String toString() {
    return namespace + "/" + name + " (" + uid + ", " + qosClass + ")";
  }
}
