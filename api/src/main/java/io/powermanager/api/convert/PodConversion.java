package io.powermanager.api.convert;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.PodView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A fabric8 Pod → the rules' view, quantities kept as the user wrote them. Stateless. */
public final class PodConversion {

  private PodConversion() {}

  /**
   * @param namespace the pod's namespace when its metadata has none (an admission request carries
   *     it separately)
   */
  public static PodView view(Pod pod, String namespace) {
    String ns =
        pod.getMetadata() != null && pod.getMetadata().getNamespace() != null
            ? pod.getMetadata().getNamespace()
            : Objects.requireNonNullElse(namespace, "default");
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    Map<String, String> annotations =
        pod.getMetadata() == null ? Map.of() : pod.getMetadata().getAnnotations();
    List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
    List<Container> inits = pod.getSpec() == null ? List.of() : pod.getSpec().getInitContainers();
    return new PodView(ns, name, annotations, containers(containers), containers(inits));
  }

  private static List<ContainerView> containers(List<Container> containers) {
    return containers == null
        ? List.of()
        : containers.stream().map(PodConversion::container).toList();
  }

  /** One container; an unnamed one is called {@code ""} so the rules can still point at it. */
  public static ContainerView container(Container c) {
    ResourceRequirements r = c.getResources();
    return new ContainerView(
        Objects.requireNonNullElse(c.getName(), ""),
        r == null ? Map.of() : text(r.getRequests()),
        r == null ? Map.of() : text(r.getLimits()));
  }

  private static Map<String, String> text(Map<String, Quantity> quantities) {
    Map<String, String> out = new LinkedHashMap<>();
    if (quantities != null) {
      quantities.forEach((k, q) -> out.put(k, q == null ? "" : text(q)));
    }
    return out;
  }

  /** A quantity as written: {@code 1500m}, {@code 2}, {@code 200Mi}. */
  public static String text(Quantity q) {
    return Objects.requireNonNullElse(q.getAmount(), "")
        + Objects.requireNonNullElse(q.getFormat(), "");
  }
}
