package io.powermanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;

/**
 * A CPU power profile (frequency window, EPP, governor) that pods request as the extended resource
 * {@code power.intel.com/<name>}. Base profiles come from the PowerConfig, per-node extended
 * profiles ({@code <base>-<node>}) from the profile reconciler, shared profiles ({@code epp:
 * power}) from the user. Spec is its creator's; status is written only by the profile reconciler.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.VERSION, storage = false)
@Singular("powerprofile")
@Plural("powerprofiles")
@ShortNames("pp")
@AdditionalPrinterColumn(
    name = "MAX",
    jsonPath = ".spec.max",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "MIN",
    jsonPath = ".spec.min",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "EPP", jsonPath = ".spec.epp")
@AdditionalPrinterColumn(name = "GOVERNOR", jsonPath = ".spec.governor")
@AdditionalPrinterColumn(name = "CAPACITY", jsonPath = ".spec.cpuCapacity", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY, priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerProfile extends CustomResource<PowerProfileSpec, PowerProfileStatus>
    implements Namespaced {}
