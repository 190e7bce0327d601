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
 * One per power node, named after the node. Status is written only by that node's agent: what it
 * tunes (the seed's shape), the hardware it found, and a heartbeat.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.VERSION, storage = false)
@Singular("powernode")
@Plural("powernodes")
@ShortNames("pn")
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".spec.nodeName")
@AdditionalPrinterColumn(name = "DRIVER", jsonPath = ".status.hardware.driver")
@AdditionalPrinterColumn(name = "CPUS", jsonPath = ".status.hardware.cpus")
@AdditionalPrinterColumn(name = "RESERVED", jsonPath = ".status.reservedCPUs")
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY)
@AdditionalPrinterColumn(
    name = "PACKAGE-WATTS",
    jsonPath = ".status.telemetry.packageWatts",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "HEARTBEAT",
    jsonPath = ".status.heartbeat",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerNode extends CustomResource<PowerNodeSpec, PowerNodeStatus>
    implements Namespaced {}
