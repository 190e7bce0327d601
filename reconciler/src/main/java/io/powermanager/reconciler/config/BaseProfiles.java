package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.FrequencyWindow;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.kube.Caches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The base PowerProfiles a PowerConfig asks for. A base profile the config created carries a
 * controller ownerReference to it (that is how it is recognised); its spec is created once from
 * {@link BaseProfile#asProfile()} (EPP set, frequencies derived per node) and from then on belongs
 * to the user, who may set {@code min}/{@code max}/{@code cpuCapacity}. A same-named profile the
 * user created is used as it is and never adopted or removed. The config's {@code
 * baseProfileWindows} override the window of the base profiles it manages. Pure.
 */
public final class BaseProfiles {

  private BaseProfiles() {}

  /** The valid base profiles {@code config} lists, once each, in its order. */
  public static List<BaseProfile> listed(PowerConfig config) {
    LinkedHashSet<BaseProfile> out = new LinkedHashSet<>();
    if (config.getSpec() != null && config.getSpec().getPowerProfiles() != null) {
      for (String name : config.getSpec().getPowerProfiles()) {
        BaseProfile.byName(name).ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  /** A new base profile owned by {@code config}. */
  public static PowerProfile desired(BaseProfile kind, PowerConfig config, String namespace) {
    io.powermanager.domain.power.PowerProfile p = kind.asProfile();
    PowerProfile cr = new PowerProfile();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(p.name())
            .withNamespace(namespace)
            .withLabels(labels())
            .withOwnerReferences(AgentDaemonSet.ownerReference(config))
            .build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(p.name());
    spec.setEpp(p.epp().map(e -> e.sysfsValue()).orElse(null));
    window(kind, config)
        .ifPresent(
            w -> {
              spec.setMin(w.getMin());
              spec.setMax(w.getMax());
            });
    cr.setSpec(spec);
    return cr;
  }

  /** The config's {@code baseProfileWindows} entry for {@code kind}, when it has one. */
  static Optional<FrequencyWindow> window(BaseProfile kind, PowerConfig config) {
    if (config.getSpec() == null || config.getSpec().getBaseProfileWindows() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(config.getSpec().getBaseProfileWindows().get(kind.profileName()));
  }

  /**
   * A copy of a managed base profile carrying the config's {@code baseProfileWindows} override for
   * it, when the config has one and the profile's {@code min}/{@code max} differ from it; the
   * override wins over what was set on the profile.
   */
  public static Optional<PowerProfile> windowed(
      PowerProfile profile,
      BaseProfile kind,
      PowerConfig config,
      java.util.function.UnaryOperator<PowerProfile> copy) {
    Optional<FrequencyWindow> window = window(kind, config);
    if (window.isEmpty()) {
      return Optional.empty();
    }
    PowerProfileSpec spec = profile.getSpec();
    if (spec != null
        && Objects.equals(spec.getMin(), window.get().getMin())
        && Objects.equals(spec.getMax(), window.get().getMax())) {
      return Optional.empty();
    }
    PowerProfile updated = copy.apply(profile);
    if (updated.getSpec() == null) {
      updated.setSpec(new PowerProfileSpec());
    }
    updated.getSpec().setMin(window.get().getMin());
    updated.getSpec().setMax(window.get().getMax());
    return Optional.of(updated);
  }

  static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PowerLabels.APP_PART_OF, PowerLabels.PART_OF);
    labels.put(PowerLabels.APP_MANAGED_BY, PowerLabels.PART_OF);
    return labels;
  }

  /** Whether a PowerConfig created {@code profile} (it carries an ownerReference to one). */
  public static boolean isManaged(PowerProfile profile) {
    return Caches.owningConfig(profile).isPresent();
  }

  /**
   * A copy of a managed profile re-owned by {@code config}, when its ownerReference points at
   * another (an earlier, deleted) PowerConfig; empty when it already points at {@code config}.
   */
  public static Optional<PowerProfile> adopted(
      PowerProfile profile,
      PowerConfig config,
      java.util.function.UnaryOperator<PowerProfile> copy) {
    OwnerReference want = AgentDaemonSet.ownerReference(config);
    List<OwnerReference> refs =
        profile.getMetadata().getOwnerReferences() == null
            ? List.of()
            : profile.getMetadata().getOwnerReferences();
    boolean owned =
        refs.stream()
            .anyMatch(
                r ->
                    "PowerConfig".equals(r.getKind()) && Objects.equals(r.getUid(), want.getUid()));
    if (owned) {
      return Optional.empty();
    }
    PowerProfile updated = copy.apply(profile);
    List<OwnerReference> next = new ArrayList<>();
    refs.stream().filter(r -> !"PowerConfig".equals(r.getKind())).forEach(next::add);
    next.add(want);
    updated.getMetadata().setOwnerReferences(next);
    Map<String, String> labels = new LinkedHashMap<>();
    if (updated.getMetadata().getLabels() != null) {
      labels.putAll(updated.getMetadata().getLabels());
    }
    labels.putAll(labels());
    updated.getMetadata().setLabels(labels);
    return Optional.of(updated);
  }
}
