package io.powermanager.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.PowerProfileSpec;

/** A power profile at v1 (storage): v1alpha1's spec, Intel v1's {@code shared} flag included. */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.STORAGE_VERSION, storage = true)
@Singular("powerprofile")
@Plural("powerprofiles")
@ShortNames("pp")
@AdditionalPrinterColumn(
    name = "MAX",
    jsonPath = ".spec.max",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "MIN",
    jsonPath = ".spec.min",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "EPP", jsonPath = ".spec.epp")
@AdditionalPrinterColumn(name = "GOVERNOR", jsonPath = ".spec.governor")
@AdditionalPrinterColumn(
    name = "SHARED",
    jsonPath = ".spec.shared",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "CAPACITY", jsonPath = ".spec.cpuCapacity", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY, priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerProfile extends CustomResource<PowerProfileSpec, PowerProfileStatus>
    implements Namespaced {}
