package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;

/**
 * The kinds the webhook has rules for, recognised by the {@code request.kind} group and kind. The
 * version is carried apart ({@link ReviewRequest#version()}): a seed kind sent in v1 is converted
 * to the v1alpha1 class before its rules run; a kind served at several versions with one schema
 * (e.g. Uncore) is read as it is. Everything else is {@link #OTHER} and is allowed untouched.
 */
public enum AdmittedKind {
  POD(Pod.class),
  POWER_PROFILE(PowerProfile.class),
  POWER_CONFIG(PowerConfig.class),
  POWER_WORKLOAD(PowerWorkload.class),
  POWER_NODE(PowerNode.class),
  UNCORE(io.powermanager.api.v1alpha1.Uncore.class),
  CSTATES(CStates.class),
  POWER_SCHEDULE(PowerSchedule.class),
  TIME_OF_DAY(TimeOfDay.class),
  POWER_NODE_SETTINGS(io.powermanager.api.v1alpha1.PowerNodeSettings.class),
  OTHER(GenericKubernetesResource.class);

  private static final AdmittedKind[] ADMITTED = {
    POD,
    POWER_PROFILE,
    POWER_CONFIG,
    POWER_WORKLOAD,
    POWER_NODE,
    UNCORE,
    CSTATES,
    POWER_SCHEDULE,
    TIME_OF_DAY,
    POWER_NODE_SETTINGS
  };

  private final Class<? extends HasMetadata> type;
  private final String group;
  private final String kind;

  AdmittedKind(Class<? extends HasMetadata> type) {
    this.type = type;
    this.group = type == GenericKubernetesResource.class ? null : HasMetadata.getGroup(type);
    this.kind = type == GenericKubernetesResource.class ? "other" : HasMetadata.getKind(type);
  }

  /** The typed class objects of this kind are read into. */
  Class<? extends HasMetadata> type() {
    return type;
  }

  /** The Kubernetes kind ({@code Pod}, {@code PowerProfile}), or {@code other}: a metric label. */
  String label() {
    return kind;
  }

  /** The kind of {@code request.kind}'s group and kind (either may be null). */
  static AdmittedKind of(String group, String kind) {
    if (kind == null) {
      return OTHER;
    }
    String g = group == null ? "" : group;
    for (AdmittedKind k : ADMITTED) {
      if (k.kind.equals(kind) && normal(k.group).equals(g)) {
        return k;
      }
    }
    return OTHER;
  }

  private static String normal(String group) {
    return group == null ? "" : group;
  }
}
