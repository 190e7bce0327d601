package io.powermanager.reconciler.profile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.domain.Violation;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile.Invalid;
import io.powermanager.domain.power.PowerProfile.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The extended profiles {@code <base>-<node>} one node should have: one per valid, non-shared base
 * profile, with the frequency window derived from the node's hardware, labelled with its base and
 * node, and owned by the node's PowerNode (itself owned by the Node), so that deleting the Node
 * deletes them through garbage collection alone. A dependent goes only when all its owners are
 * gone, so the base is not an owner: when the base goes, the extended-profile reconciler deletes
 * them. Pure.
 */
public final class ExtendedProfilePlan {

  private ExtendedProfilePlan() {}

  /**
   * What one node gets.
   *
   * @param desired the extended profiles, sorted by name
   * @param tooLong names that would be longer than a profile name may be: not created
   * @param invalidBases base profiles that are not valid profiles, with every reason
   */
  public record Plan(
      List<PowerProfile> desired, List<String> tooLong, List<InvalidBase> invalidBases) {}

  /** A base profile that is not a valid profile, and every reason. */
  public record InvalidBase(PowerProfile base, String reasons) {}

  /**
   * @param bases the PowerProfiles named after a base profile ({@code performance}, ...)
   */
  public static Plan forNode(
      PowerNode owner, HardwareRange hardware, List<PowerProfile> bases, String namespace) {
    String node = NodeConversion.nodeName(owner);
    List<PowerProfile> desired = new ArrayList<>();
    List<String> tooLong = new ArrayList<>();
    List<InvalidBase> invalid = new ArrayList<>();
    for (PowerProfile base : bases) {
      String baseName = base.getMetadata().getName();
      BaseProfile kind = BaseProfile.byName(baseName).orElse(null);
      if (kind == null) {
        continue;
      }
      var parsed = ProfileConversion.toDomain(base);
      if (parsed instanceof Invalid bad) {
        invalid.add(
            new InvalidBase(
                base,
                bad.violations().stream()
                    .map(Violation::toString)
                    .collect(Collectors.joining("; "))));
        continue;
      }
      io.powermanager.domain.power.PowerProfile profile = ((Valid) parsed).profile();
      if (profile.isShared()) {
        continue;
      }
      String name = PowerNames.extendedProfileName(baseName, node);
      if (!PowerNames.isValidProfileName(name)) {
        tooLong.add(name);
        continue;
      }
      desired.add(
          toResource(
              ExtendedProfiles.derive(profile, kind, node, hardware), base, owner, namespace));
    }
    desired.sort(java.util.Comparator.comparing(p -> p.getMetadata().getName()));
    return new Plan(desired, tooLong, invalid);
  }

  static PowerProfile toResource(
      io.powermanager.domain.power.PowerProfile derived,
      PowerProfile base,
      PowerNode owner,
      String namespace) {
    String node = NodeConversion.nodeName(owner);
    PowerProfile cr = new PowerProfile();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(derived.name())
            .withNamespace(namespace)
            .withLabels(labels(base.getMetadata().getName(), node))
            .withOwnerReferences(ownerReference(owner))
            .build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(derived.name());
    spec.setMax(derived.max().map(ProfileConversion::spec).orElse(null));
    spec.setMin(derived.min().map(ProfileConversion::spec).orElse(null));
    spec.setEpp(derived.epp().map(e -> e.sysfsValue()).orElse(null));
    spec.setGovernor(derived.governor().map(g -> g.sysfsValue()).orElse(null));
    spec.setCpuCapacity(base.getSpec() == null ? null : base.getSpec().getCpuCapacity());
    cr.setSpec(spec);
    return cr;
  }

  static Map<String, String> labels(String base, String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PowerLabels.BASE_PROFILE, base);
    labels.put(PowerLabels.NODE, node);
    labels.put(PowerLabels.APP_PART_OF, PowerLabels.PART_OF);
    labels.put(PowerLabels.APP_MANAGED_BY, PowerLabels.PART_OF);
    return labels;
  }

  static OwnerReference ownerReference(PowerNode owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(PowerApi.API_VERSION)
        .withKind("PowerNode")
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .build();
  }

  /**
   * Whether the reconciler made {@code profile}: labelled with a base and controlled by a
   * PowerNode, or, as earlier versions made them, by a PowerProfile. Only those it deletes.
   */
  public static boolean isManaged(PowerProfile profile) {
    Map<String, String> labels = profile.getMetadata().getLabels();
    List<OwnerReference> refs = profile.getMetadata().getOwnerReferences();
    return labels != null
        && labels.containsKey(PowerLabels.BASE_PROFILE)
        && refs != null
        && refs.stream().anyMatch(ExtendedProfilePlan::isOurController);
  }

  private static boolean isOurController(OwnerReference r) {
    return Boolean.TRUE.equals(r.getController())
        && PowerApi.API_VERSION.equals(r.getApiVersion())
        && ("PowerNode".equals(r.getKind()) || "PowerProfile".equals(r.getKind()));
  }

  /**
   * Whether {@code actual} already is {@code desired}: the same spec, the desired labels, and the
   * ownerReference to the PowerNode.
   */
  public static boolean converged(PowerProfile desired, PowerProfile actual) {
    PowerProfileSpec want = desired.getSpec();
    PowerProfileSpec have = actual.getSpec();
    if (have == null
        || !Objects.equals(want.getName(), have.getName())
        || !Objects.equals(want.getMax(), have.getMax())
        || !Objects.equals(want.getMin(), have.getMin())
        || !Objects.equals(want.getEpp(), have.getEpp())
        || !Objects.equals(want.getGovernor(), have.getGovernor())
        || !Objects.equals(want.getCpuCapacity(), have.getCpuCapacity())) {
      return false;
    }
    Map<String, String> labels = actual.getMetadata().getLabels();
    if (labels == null
        || !labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())) {
      return false;
    }
    OwnerReference owner = desired.getMetadata().getOwnerReferences().get(0);
    List<OwnerReference> refs = actual.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                r ->
                    Objects.equals(r.getUid(), owner.getUid())
                        && Objects.equals(r.getKind(), owner.getKind()));
  }

  /**
   * {@code actual} (a copy) with the desired spec, labels merged and the PowerNode's ownerReference
   * in place of any controller this reconciler set (an earlier PowerNode's, or a base profile's).
   */
  public static PowerProfile updated(PowerProfile actualCopy, PowerProfile desired) {
    actualCopy.setSpec(desired.getSpec());
    Map<String, String> labels = new LinkedHashMap<>();
    if (actualCopy.getMetadata().getLabels() != null) {
      labels.putAll(actualCopy.getMetadata().getLabels());
    }
    labels.putAll(desired.getMetadata().getLabels());
    actualCopy.getMetadata().setLabels(labels);
    List<OwnerReference> refs = new ArrayList<>();
    if (actualCopy.getMetadata().getOwnerReferences() != null) {
      actualCopy.getMetadata().getOwnerReferences().stream()
          .filter(r -> !isOurController(r))
          .forEach(refs::add);
    }
    refs.addAll(desired.getMetadata().getOwnerReferences());
    actualCopy.getMetadata().setOwnerReferences(refs);
    return actualCopy;
  }
}
