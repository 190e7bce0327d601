package io.powermanager.extender;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nodes, PowerNodes and pods as the informers would deliver them. */
public final class Fixtures {

  public static final String POWER_NAMESPACE = "power-manager";
  public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private Fixtures() {}

  public static Clock clockAtNow() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** A node advertising {@code profile=cpus, ...} as allocatable power resources. */
  public static Node nodeWithProfiles(String name, Object... profileAndCpus) {
    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    allocatable.put("cpu", new Quantity("64"));
    allocatable.put("memory", new Quantity("256Gi"));
    for (int i = 0; i < profileAndCpus.length; i += 2) {
      allocatable.put(
          "power.intel.com/" + profileAndCpus[i],
          new Quantity(String.valueOf(profileAndCpus[i + 1])));
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withCapacity(allocatable)
        .withAllocatable(allocatable)
        .endStatus()
        .build();
  }

  /** The node's agent, which last beat at {@code heartbeat} (null: never). */
  public static PowerNode powerNode(String node, Instant heartbeat) {
    PowerNode pn = new PowerNode();
    pn.getMetadata().setName(node);
    pn.getMetadata().setNamespace(POWER_NAMESPACE);
    pn.setSpec(new PowerNodeSpec());
    pn.getSpec().setNodeName(node);
    pn.setStatus(new PowerNodeStatus());
    if (heartbeat != null) {
      pn.getStatus().setHeartbeat(heartbeat.toString());
    }
    pn.getStatus().setAllocatableCPUs("2-63");
    return pn;
  }

  /** An agent that beat just now. */
  public static PowerNode liveAgent(String node) {
    return powerNode(node, NOW.minusSeconds(10));
  }

  /** A Guaranteed pod with one container asking {@code cpus} of {@code profile}, unscheduled. */
  public static Pod powerPod(String name, String profile, int cpus) {
    Quantity n = new Quantity(String.valueOf(cpus));
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", n);
    resources.put("memory", new Quantity("1Gi"));
    resources.put("power.intel.com/" + profile, n);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withLabels(Map.of(PowerLabels.PROFILE, profile))
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder()
                .withName("app")
                .withImage("registry.example/app:1")
                .withNewResources()
                .withRequests(resources)
                .withLimits(resources)
                .endResources()
                .build())
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /** The same pod, bound to {@code node} and running. */
  public static Pod boundTo(Pod pod, String node) {
    return new PodBuilder(pod)
        .editSpec()
        .withNodeName(node)
        .endSpec()
        .editStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }

  public static Pod inPhase(Pod pod, String phase) {
    return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
  }

  /** A pod asking for CPU and memory only. */
  public static Pod plainPod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("500m")))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }
}
