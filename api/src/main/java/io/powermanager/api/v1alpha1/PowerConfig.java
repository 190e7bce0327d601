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
 * The cluster's one PowerConfig: which image the node agent runs, on which nodes, and which base
 * profiles exist. Spec is the user's; status is written only by the config reconciler.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.VERSION, storage = false)
@Singular("powerconfig")
@Plural("powerconfigs")
@ShortNames("pcfg")
@AdditionalPrinterColumn(name = "IMAGE", jsonPath = ".spec.powerImage")
@AdditionalPrinterColumn(name = "PROFILES", jsonPath = ".spec.powerProfiles")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerConfig extends CustomResource<PowerConfigSpec, PowerConfigStatus>
    implements Namespaced {}
