package io.powermanager.api.convert;

import io.powermanager.api.v1alpha1.FrequencyWindow;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsSpec;
import io.powermanager.domain.nodesettings.NodeSettings;
import io.powermanager.domain.nodesettings.NodeSettingsRules;
import java.util.Map;
import java.util.Objects;

/** PowerNodeSettings objects as the domain's: the one mapping for the webhook and the agent. */
public final class NodeSettingsConversion {

  private NodeSettingsConversion() {}

  /** The request an object makes, as written (a missing spec has no selector). */
  public static NodeSettingsRules.Request request(PowerNodeSettings cr) {
    PowerNodeSettingsSpec spec =
        Objects.requireNonNullElseGet(cr.getSpec(), PowerNodeSettingsSpec::new);
    FrequencyWindow limits =
        Objects.requireNonNullElseGet(spec.getFrequencyLimits(), FrequencyWindow::new);
    return new NodeSettingsRules.Request(
        cr.getMetadata().getName(),
        spec.getNodeSelector() == null ? null : ProfileConversion.selector(spec.getNodeSelector()),
        turbo(spec.getTurbo()),
        ProfileConversion.text(limits.getMin()),
        ProfileConversion.text(limits.getMax()));
  }

  /** What the object asks of a node, for the agent (unparseable limits are left out). */
  public static NodeSettings settings(PowerNodeSettings cr) {
    PowerNodeSettingsSpec spec =
        Objects.requireNonNullElseGet(cr.getSpec(), PowerNodeSettingsSpec::new);
    return NodeSettingsRules.parse(
        request(cr),
        spec.getLimitScope() == PowerNodeSettingsSpec.LimitScope.AllCpus
            ? NodeSettings.Scope.ALL_CPUS
            : NodeSettings.Scope.TUNED_CPUS);
  }

  /** Another object, for the one-per-node rule. */
  public static NodeSettingsRules.Other other(PowerNodeSettings cr) {
    return new NodeSettingsRules.Other(cr.getMetadata().getName(), request(cr).nodeSelector());
  }

  /** A power node as the rules see it. */
  public static NodeSettingsRules.PowerNodeView node(
      PowerNode pn, String name, Map<String, String> labels) {
    boolean knob =
        pn.getStatus() != null
            && pn.getStatus().getHardware() != null
            && pn.getStatus().getHardware().getTurboKnob() != null;
    return new NodeSettingsRules.PowerNodeView(
        name, labels, knob, NodeConversion.coreTypeRanges(pn));
  }

  private static NodeSettings.Turbo turbo(PowerNodeSettingsSpec.Turbo t) {
    if (t == null) {
      return NodeSettings.Turbo.UNCHANGED;
    }
    return switch (t) {
      case Enabled -> NodeSettings.Turbo.ENABLED;
      case Disabled -> NodeSettings.Turbo.DISABLED;
      case Unchanged -> NodeSettings.Turbo.UNCHANGED;
    };
  }
}
