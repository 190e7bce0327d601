package io.powermanager.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's objects for benchmark nodes: profiles, the shared workload and power pods. */
public final class BenchObjects {

  private BenchObjects() {}

  public static PowerProfile profile(
      String namespace, String name, Integer min, Integer max, String epp) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setMin(min == null ? null : new IntOrString(min));
    spec.setMax(max == null ? null : new IntOrString(max));
    spec.setEpp(epp);
    p.setSpec(spec);
    return p;
  }

  public static PowerWorkload sharedWorkload(
      String namespace, String node, List<Integer> reserved) {
    PowerWorkload w = new PowerWorkload();
    String name = "shared-" + node + "-workload";
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    PowerWorkloadSpec spec = new PowerWorkloadSpec();
    spec.setName(name);
    spec.setAllCores(true);
    spec.setReservedCPUs(reserved);
    spec.setPowerNodeSelector(Map.of("kubernetes.io/hostname", node));
    spec.setPowerProfile("shared");
    w.setSpec(spec);
    return w;
  }

  /**
   * A Running Guaranteed pod with one container asking for {@code cpus} CPUs of {@code profile}.
   */
  public static Pod pod(
      String namespace, String name, String uid, String node, int cpus, String profile) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", new Quantity(Integer.toString(cpus)));
    resources.put("memory", new Quantity("200Mi"));
    resources.put("power.intel.com/" + profile, new Quantity(Integer.toString(cpus)));
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .addToLabels("power.intel.com/profile", profile)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addToContainers(guaranteedApp(resources))
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }

  /** The one container {@code app} of a Guaranteed pod: limits equal to requests. */
  public static Container guaranteedApp(Map<String, Quantity> resources) {
    return new ContainerBuilder()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewResources()
        .withRequests(resources)
        .withLimits(resources)
        .endResources()
        .build();
  }

  /**
   * Where benchmarks put their emulated trees: {@code /dev/shm} when it is writable, else the JVM's
   * temporary directory.
   */
  public static Path scratchDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
