package io.powermanager.agent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import java.util.List;
import java.util.Map;

/** PowerProfiles and shared PowerWorkloads for agent tests, as users and the seed write them. */
public final class TestPowerObjects {

  private TestPowerObjects() {}

  public static PowerProfile profile(
      String namespace,
      String name,
      Integer min,
      Integer max,
      String epp,
      Map<String, String> labels) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setMin(min == null ? null : new IntOrString(min));
    spec.setMax(max == null ? null : new IntOrString(max));
    spec.setEpp(epp);
    p.setSpec(spec);
    return p;
  }

  /** A workload of every shared CPU but {@code reserved}, on the nodes {@code selector} picks. */
  public static PowerWorkload sharedWorkload(
      String namespace,
      String name,
      String profile,
      List<Integer> reserved,
      Map<String, String> selector) {
    PowerWorkload w = new PowerWorkload();
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    PowerWorkloadSpec spec = new PowerWorkloadSpec();
    spec.setName(name);
    spec.setAllCores(true);
    spec.setReservedCPUs(reserved);
    spec.setPowerNodeSelector(selector);
    spec.setPowerProfile(profile);
    w.setSpec(spec);
    return w;
  }
}
