package io.powermanager.reconciler.profile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.ProfileConversion;
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
 * node, and owned by its base. Pure.
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
      String node, HardwareRange hardware, List<PowerProfile> bases, String namespace) {
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
              ExtendedProfiles.derive(profile, kind, node, hardware), base, node, namespace));
    }
    desired.sort(java.util.Comparator.comparing(p -> p.getMetadata().getName()));
    return new Plan(desired, tooLong, invalid);
  }

  static PowerProfile toResource(
      io.powermanager.domain.power.PowerProfile derived,
      PowerProfile base,
      String node,
      String namespace) {
    PowerProfile cr = new PowerProfile();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(derived.name())
            .withNamespace(namespace)
            .withLabels(labels(base.getMetadata().getName(), node))
            .withOwnerReferences(ownerReference(base))
            .build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(derived.name());
    spec.setMax(derived.max().map(f -> Math.toIntExact(f.mhz())).orElse(null));
    spec.setMin(derived.min().map(f -> Math.toIntExact(f.mhz())).orElse(null));
    spec.setEpp(derived.epp().sysfsValue());
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

  static OwnerReference ownerReference(PowerProfile base) {
    return new OwnerReferenceBuilder()
        .withApiVersion(PowerApi.API_VERSION)
        .withKind("PowerProfile")
        .withName(base.getMetadata().getName())
        .withUid(base.getMetadata().getUid())
        .withController(true)
        .build();
  }

  /**
   * Whether {@code actual} already is {@code desired}: the same spec, the desired labels, and the
   * ownerReference to the base.
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
   * {@code actual} (a copy) with the desired spec, labels merged and the base's ownerReference in
   * place of any other PowerProfile owner.
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
          .filter(r -> !"PowerProfile".equals(r.getKind()))
          .forEach(refs::add);
    }
    refs.addAll(desired.getMetadata().getOwnerReferences());
    actualCopy.getMetadata().setOwnerReferences(refs);
    return actualCopy;
  }
}
