package io.powermanager.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods and containers for kubelet tests; null quantities are left out of the spec. */
final class TestPods {
  private TestPods() {}

  static Pod pod(String name, String uid, Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .withContainers(List.of(containers))
        .endSpec()
        .build();
  }

  static Pod podWithInitContainer(String name, String uid, Container init, Container app) {
    Pod pod = pod(name, uid, app);
    pod.getSpec().setInitContainers(List.of(init));
    return pod;
  }

  /** cpu and memory requests equal to limits. */
  static Container guaranteed(String name, String cpu) {
    return container(name, cpu, cpu, "1Gi", "1Gi");
  }

  static Container container(
      String name, String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
    Map<String, Quantity> requests = new HashMap<>();
    Map<String, Quantity> limits = new HashMap<>();
    putIfSet(requests, "cpu", cpuRequest);
    putIfSet(requests, "memory", memoryRequest);
    putIfSet(limits, "cpu", cpuLimit);
    putIfSet(limits, "memory", memoryLimit);
    return new ContainerBuilder()
        .withName(name)
        .withImage("registry.k8s.io/pause:3.10")
        .withNewResources()
        .withRequests(requests)
        .withLimits(limits)
        .endResources()
        .build();
  }

  private static void putIfSet(Map<String, Quantity> map, String resource, String amount) {
    if (amount != null) {
      map.put(resource, new Quantity(amount));
    }
  }
}
