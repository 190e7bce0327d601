package io.powermanager.agent;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Pods for agent tests, shaped like the seed's example pod. */
public final class TestPods {

  private TestPods() {}

  /**
   * A Guaranteed pod on {@code node} whose one container asks for {@code cpus} CPUs and as many
   * units of {@code power.intel.com/<profile>} (no profile resource when {@code profile} is null).
   */
  public static Pod guaranteed(
      String namespace, String name, String node, int cpus, String profile) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", new Quantity(Integer.toString(cpus)));
    resources.put("memory", new Quantity("200Mi"));
    if (profile != null) {
      resources.put("power.intel.com/" + profile, new Quantity(Integer.toString(cpus)));
    }
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .addToContainers(
                new ContainerBuilder()
                    .withName("example-power-container")
                    .withImage("ubuntu")
                    .withNewResources()
                    .withRequests(resources)
                    .withLimits(resources)
                    .endResources()
                    .build())
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus();
    if (profile != null) {
      pod.editMetadata().addToLabels("power.intel.com/profile", profile).endMetadata();
    }
    return pod.build();
  }
}
