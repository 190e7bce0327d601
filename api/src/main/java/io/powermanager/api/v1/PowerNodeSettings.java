package io.powermanager.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.PowerNodeSettingsSpec;
import io.powermanager.api.v1alpha1.PowerNodeSettingsStatus;

/**
 * The {@code power.intel.com/v1} face of {@link io.powermanager.api.v1alpha1.PowerNodeSettings}:
 * the same schema (conversion {@code None}). Read and write {@code v1alpha1} in code; this class
 * exists for the CRD's second version.
 */
@Group(PowerApi.GROUP)
@Version(value = "v1", storage = false)
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
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerNodeSettings
    extends CustomResource<PowerNodeSettingsSpec, PowerNodeSettingsStatus> implements Namespaced {}
