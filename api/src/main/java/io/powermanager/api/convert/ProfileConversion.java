package io.powermanager.api.convert;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.rules.ProfileView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** PowerProfile custom resource → what the domain rules and model take. Stateless. */
public final class ProfileConversion {

  private ProfileConversion() {}

  /** The rules' view of a profile; absent spec fields stay {@code null}. */
  public static ProfileView view(PowerProfile cr) {
    PowerProfileSpec spec = Optional.ofNullable(cr.getSpec()).orElseGet(PowerProfileSpec::new);
    return new ProfileView(
        cr.getMetadata() == null ? null : cr.getMetadata().getName(),
        spec.getName(),
        text(spec.getMin()),
        text(spec.getMax()),
        spec.getEpp(),
        spec.getGovernor(),
        text(spec.getCpuCapacity()),
        spec.getNodeSelector() == null ? null : nodeSelector(cr),
        spec.getShared());
  }

  /**
   * The domain profile, named after {@code metadata.name} (the name pods request), or every reason
   * it is invalid.
   */
  public static io.powermanager.domain.power.PowerProfile.Parsed toDomain(PowerProfile cr) {
    ProfileView v = view(cr);
    return io.powermanager.domain.power.PowerProfile.parse(
        v.metadataName(), v.min(), v.max(), v.epp(), v.governor(), v.cpuCapacity(), v.shared());
  }

  /** The domain profile when the custom resource is valid. */
  public static Optional<io.powermanager.domain.power.PowerProfile> valid(PowerProfile cr) {
    return toDomain(cr) instanceof io.powermanager.domain.power.PowerProfile.Valid v
        ? Optional.of(v.profile())
        : Optional.empty();
  }

  /**
   * The profile's {@code nodeSelector}; {@link LabelSelector#everything()} when absent. An unknown
   * operator makes a requirement no node meets (the webhook refuses it; never advertise on a
   * guess).
   */
  public static LabelSelector nodeSelector(PowerProfile cr) {
    return selector(cr.getSpec() == null ? null : cr.getSpec().getNodeSelector());
  }

  /**
   * A Kubernetes label selector as the domain's; {@link LabelSelector#everything()} when absent. An
   * unknown operator makes a requirement no node meets.
   */
  public static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      return LabelSelector.everything();
    }
    List<LabelSelector.Requirement> requirements = new ArrayList<>();
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        LabelSelector.Operator op = LabelSelector.Operator.parse(r.getOperator());
        requirements.add(
            new LabelSelector.Requirement(
                r.getKey() == null ? "" : r.getKey(),
                op == null ? LabelSelector.Operator.IN : op,
                op == null || r.getValues() == null ? Set.of() : Set.copyOf(r.getValues())));
      }
    }
    return new LabelSelector(
        s.getMatchLabels() == null ? Map.of() : s.getMatchLabels(), requirements);
  }

  /** A domain bound as the spec carries it: an integer for MHz, else a string. */
  public static IntOrString spec(io.powermanager.domain.power.FrequencyBound bound) {
    return bound.absolute().isPresent()
        ? new IntOrString(Math.toIntExact(bound.absolute().get().mhz()))
        : new IntOrString(bound.text());
  }

  /** An IntOrString as the text a user would write: {@code 12} or {@code 40%}. */
  static String text(IntOrString value) {
    if (value == null) {
      return null;
    }
    return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
  }
}
