package io.powermanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;

/**
 * Node-wide switches for the nodes {@code spec.nodeSelector} picks: turbo on or off and frequency
 * limits that clamp every window the agent writes. At most one per node. Served at {@code v1alpha1}
 * (stored) and, with the same schema, at {@code v1} ({@link
 * io.powermanager.api.v1.PowerNodeSettings}).
 */
@Group(PowerApi.GROUP)
@Version(PowerApi.VERSION)
@Singular("powernodesettings")
@Plural("powernodesettings")
@AdditionalPrinterColumn(name = "TURBO", jsonPath = ".spec.turbo")
@AdditionalPrinterColumn(name = "MIN", jsonPath = ".spec.frequencyLimits.min")
@AdditionalPrinterColumn(name = "MAX", jsonPath = ".spec.frequencyLimits.max")
@AdditionalPrinterColumn(name = "SCOPE", jsonPath = ".spec.limitScope")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(
    name = "APPLIED",
    jsonPath = io.powermanager.api.v1alpha1.PowerNodeSettings.APPLIED_COLUMN)
@AdditionalPrinterColumn(name = "OUTCOMES", jsonPath = ".status.outcomes[*].outcome", priority = 1)
@AdditionalPrinterColumn(name = "TURBO-NOW", jsonPath = ".status.outcomes[*].turbo", priority = 1)
@AdditionalPrinterColumn(name = "NODE-SELECTOR", jsonPath = ".spec.nodeSelector", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerNodeSettings
    extends CustomResource<PowerNodeSettingsSpec, PowerNodeSettingsStatus> implements Namespaced {

  /** The status of the {@code Applied} condition, for the APPLIED column. */
  public static final String APPLIED_COLUMN = ".status.conditions[?(@.type==\"Applied\")].status";

  /** Condition type: every selected node holds turbo and the limits as asked. */
  public static final String APPLIED = "Applied";
}
