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
import io.powermanager.api.v1alpha1.PowerConfigSpec;

/**
 * The cluster's PowerConfig at v1 (storage): v1alpha1's spec ({@code powerImage} kept as an
 * extension, Intel v2 removed it) with Intel v2.5's {@code customDevices}.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.STORAGE_VERSION, storage = true)
@Singular("powerconfig")
@Plural("powerconfigs")
@ShortNames("pcfg")
@AdditionalPrinterColumn(name = "PROFILES", jsonPath = ".spec.powerProfiles")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerConfig extends CustomResource<PowerConfigSpec, PowerConfigStatus>
    implements Namespaced {}
