package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.ProfileAnnotation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pod mutation on CREATE, decided on the rules' view and applied to a deep copy of the typed
 * pod:
 *
 * <ul>
 *   <li>{@link ProfileAnnotation#apply}: containers of a pod annotated {@code
 *       power.intel.com/profile} get the profile's resource;
 *   <li>a pod requesting a profile gets the label {@link PowerLabels#PROFILE} = the alphabetically
 *       first valid profile it requests;
 *   <li>with a configured scheduler, a pod requesting a profile that chose none ({@code
 *       schedulerName} absent or {@code default-scheduler}) gets it.
 * </ul>
 *
 * Idempotent: the copy of a copy needs no change. Stateless.
 */
final class PodMutation {

  static final String DEFAULT_SCHEDULER = "default-scheduler";

  private PodMutation() {}

  /** The mutated copy, or empty when the pod needs no change. The input is never modified. */
  static Optional<Pod> apply(Pod pod, String requestNamespace, AdmissionSettings settings) {
    PodView view = PodConversion.view(pod, requestNamespace);
    List<ContainerView> containers = ProfileAnnotation.apply(view);
    boolean resources = !containers.equals(view.containers());
    PodView mutated = resources ? view.withContainers(containers) : view;
    if (!PodRules.requestsPower(mutated)) {
      return Optional.empty();
    }
    Optional<String> label = profileLabel(mutated);
    boolean relabel = label.isPresent() && !label.get().equals(currentLabel(pod));
    Optional<String> scheduler =
        settings.schedulerName().filter(s -> pod.getSpec() != null && choseNoScheduler(pod));
    if (!resources && !relabel && scheduler.isEmpty()) {
      return Optional.empty();
    }
    Pod copy = pod.toBuilder().build();
    if (resources) {
      List<Container> copied = copy.getSpec().getContainers();
      for (int i = 0; i < containers.size(); i++) {
        addPowerResources(copied.get(i), view.containers().get(i), containers.get(i));
      }
    }
    if (relabel) {
      if (copy.getMetadata() == null) {
        copy.setMetadata(new ObjectMeta());
      }
      Map<String, String> labels =
          new LinkedHashMap<>(Objects.requireNonNullElse(copy.getMetadata().getLabels(), Map.of()));
      labels.put(PowerLabels.PROFILE, label.get());
      copy.getMetadata().setLabels(labels);
    }
    scheduler.ifPresent(s -> copy.getSpec().setSchedulerName(s));
    return Optional.of(copy);
  }

  /** The alphabetically first valid profile any container or init container requests. */
  static Optional<String> profileLabel(PodView pod) {
    TreeSet<String> profiles = new TreeSet<>();
    for (List<ContainerView> list : List.of(pod.containers(), pod.initContainers())) {
      for (ContainerView c : list) {
        for (String resource : PodRules.powerResources(c)) {
          PowerNames.profileOf(resource)
              .filter(PowerNames::isValidProfileName)
              .ifPresent(profiles::add);
        }
      }
    }
    return profiles.isEmpty() ? Optional.empty() : Optional.of(profiles.first());
  }

  private static String currentLabel(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getLabels() == null
        ? null
        : pod.getMetadata().getLabels().get(PowerLabels.PROFILE);
  }

  private static boolean choseNoScheduler(Pod pod) {
    String name = pod.getSpec().getSchedulerName();
    return name == null || name.isBlank() || DEFAULT_SCHEDULER.equals(name);
  }

  /** Adds the power entries {@code after} has and {@code before} lacks, whole maps if absent. */
  private static void addPowerResources(
      Container container, ContainerView before, ContainerView after) {
    if (after.equals(before)) {
      return;
    }
    ResourceRequirements r = container.getResources();
    if (r == null) {
      r = new ResourceRequirements();
      container.setResources(r);
    }
    r.setRequests(added(r.getRequests(), before.requests(), after.requests()));
    r.setLimits(added(r.getLimits(), before.limits(), after.limits()));
  }

  private static Map<String, Quantity> added(
      Map<String, Quantity> current, Map<String, String> before, Map<String, String> after) {
    Map<String, Quantity> out =
        new LinkedHashMap<>(Objects.requireNonNullElse(current, Map.<String, Quantity>of()));
    after.forEach(
        (resource, amount) -> {
          if (PowerNames.isPowerResource(resource) && !before.containsKey(resource)) {
            out.put(resource, new Quantity(amount));
          }
        });
    return out.isEmpty() ? current : out;
  }
}
