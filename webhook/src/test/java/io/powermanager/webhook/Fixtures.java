package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.rules.StaticCatalog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Objects and requests for webhook tests; the power namespace is {@code power}. */
final class Fixtures {

  static final String POWER_NS = "power";

  private Fixtures() {}

  /**
   * A cluster with base profiles performance and balance-power, custom profiles turbo (max 5000
   * MHz, above every node) and shared (epp power), nodes node-1 and node-2 (node-2 has shared
   * workload shared-node-2-workload), PowerConfig power-config, performance used by pod
   * default/web-1, power nodes reaching 3800 MHz.
   */
  static StaticCatalog catalog() {
    return StaticCatalog.builder()
        .profile(BaseProfile.PERFORMANCE.asProfile())
        .profile(BaseProfile.BALANCE_POWER.asProfile())
        .profile(domainProfile("turbo", 3000L, 5000L, "performance"))
        .profile(domainProfile("shared", 1000L, 1500L, "power"))
        .node("node-1", Map.of("kubernetes.io/hostname", "node-1", "power", "true"))
        .node("node-2", Map.of("kubernetes.io/hostname", "node-2", "power", "true"))
        .sharedWorkload("node-2", "shared-node-2-workload")
        .powerConfig("power-config")
        .user("performance", "pod default/web-1")
        .powerNodeMaximum(Frequency.ofMhz(3800))
        .build();
  }

  static io.powermanager.domain.power.PowerProfile domainProfile(
      String name, Long min, Long max, String epp) {
    return ((io.powermanager.domain.power.PowerProfile.Valid)
            io.powermanager.domain.power.PowerProfile.of(name, min, max, epp, null, null))
        .profile();
  }

  static AdmissionService service() {
    return new AdmissionService(catalog(), AdmissionSettings.of(POWER_NS));
  }

  /** A container whose requests equal its limits; {@code power} is pairs (profile, count). */
  static Container container(String name, String cpu, String memory, String... power) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    if (cpu != null) {
      resources.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      resources.put("memory", new Quantity(memory));
    }
    for (int i = 0; i < power.length; i += 2) {
      resources.put("power.intel.com/" + power[i], new Quantity(power[i + 1]));
    }
    return new ContainerBuilder()
        .withName(name)
        .withImage("ubuntu")
        .withNewResources()
        .withRequests(new LinkedHashMap<>(resources))
        .withLimits(new LinkedHashMap<>(resources))
        .endResources()
        .build();
  }

  static Pod pod(String namespace, String name, Container... containers) {
    return new PodBuilder()
        .withApiVersion("v1")
        .withKind("Pod")
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
        .withNewSpec()
        .withContainers(Arrays.asList(containers))
        .withSchedulerName("default-scheduler")
        .endSpec()
        .build();
  }

  static Pod pod(Container... containers) {
    return pod("default", "web", containers);
  }

  static PowerProfile profile(String namespace, String name, Integer min, Integer max, String epp) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(meta(namespace, name));
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setMin(min == null ? null : new IntOrString(min));
    spec.setMax(max == null ? null : new IntOrString(max));
    spec.setEpp(epp);
    p.setSpec(spec);
    return p;
  }

  static PowerProfile profile(String name, Integer min, Integer max, String epp) {
    return profile(POWER_NS, name, min, max, epp);
  }

  /** A profile whose bounds are written as text: {@code "50%"}, {@code "base"}, ... */
  static PowerProfile profileText(String name, String min, String max, String epp) {
    PowerProfile p = profile(POWER_NS, name, null, null, epp);
    p.getSpec().setMin(min == null ? null : new IntOrString(min));
    p.getSpec().setMax(max == null ? null : new IntOrString(max));
    return p;
  }

  static PowerProfile profileWithCapacity(String name, String capacity) {
    PowerProfile p = profile(name, 1000, 2000, "performance");
    p.getSpec().setCpuCapacity(new IntOrString(capacity));
    return p;
  }

  static PowerConfig config(String namespace, String name, String... profiles) {
    PowerConfig c = new PowerConfig();
    c.setMetadata(meta(namespace, name));
    PowerConfigSpec spec = new PowerConfigSpec();
    spec.setPowerNodeSelector(Map.of("power", "true"));
    spec.setPowerProfiles(List.of(profiles));
    c.setSpec(spec);
    return c;
  }

  static PowerWorkload workload(
      String name,
      boolean allCores,
      Map<String, String> selector,
      String profile,
      Integer... cpus) {
    PowerWorkload w = new PowerWorkload();
    w.setMetadata(meta(POWER_NS, name));
    PowerWorkloadSpec spec = new PowerWorkloadSpec();
    spec.setName(name);
    spec.setAllCores(allCores);
    spec.setPowerNodeSelector(selector);
    spec.setPowerProfile(profile);
    spec.setReservedCPUs(List.of(cpus));
    w.setSpec(spec);
    return w;
  }

  static PowerNode powerNode(String namespace, String name) {
    PowerNode n = new PowerNode();
    n.setMetadata(meta(namespace, name));
    PowerNodeSpec spec = new PowerNodeSpec();
    spec.setNodeName(name);
    n.setSpec(spec);
    return n;
  }

  static ObjectMeta meta(String namespace, String name) {
    return new ObjectMetaBuilder().withNamespace(namespace).withName(name).build();
  }

  /** A request as the API server sends it for {@code object} (CREATE/UPDATE) or DELETE. */
  static ReviewRequest request(String operation, HasMetadata object) {
    return request(operation, object, null, null);
  }

  static ReviewRequest request(
      String operation, HasMetadata object, HasMetadata oldObject, String subResource) {
    return review(admissionRequest(operation, object, oldObject, subResource));
  }

  /** What the codec reads from a review of {@code request}, sent as JSON as the API server does. */
  static ReviewRequest review(AdmissionRequest request) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(AdmissionCodec.API_VERSION);
    review.setKind(AdmissionCodec.KIND);
    review.setRequest(request);
    return ((AdmissionCodec.Readable) new AdmissionCodec().decode(Json.MAPPER.valueToTree(review)))
        .request();
  }

  static AdmissionRequest admissionRequest(
      String operation, HasMetadata object, HasMetadata oldObject, String subResource) {
    HasMetadata any = object != null ? object : oldObject;
    AdmissionRequest r = new AdmissionRequest();
    r.setUid("uid-" + operation.toLowerCase() + "-" + any.getMetadata().getName());
    r.setKind(
        new GroupVersionKind(
            HasMetadata.getGroup(any.getClass()),
            HasMetadata.getKind(any.getClass()),
            HasMetadata.getVersion(any.getClass())));
    r.setNamespace(any.getMetadata().getNamespace());
    r.setName(any.getMetadata().getName());
    r.setOperation(operation);
    r.setSubResource(subResource);
    r.setObject("DELETE".equals(operation) ? null : object);
    r.setOldObject(oldObject);
    r.setDryRun(false);
    return r;
  }
}
