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

/**
 * A power node at v1 (storage): v1alpha1's view plus Intel v2.5's {@code status.powerNodeCPUState}.
 * Intel's preformatted spec strings are in the schema so stored Intel objects keep them, but the
 * agent does not write them (printer columns replace them).
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.STORAGE_VERSION, storage = true)
@Singular("powernode")
@Plural("powernodes")
@ShortNames("pn")
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".spec.nodeName")
@AdditionalPrinterColumn(name = "DRIVER", jsonPath = ".status.hardware.driver")
@AdditionalPrinterColumn(name = "CPUS", jsonPath = ".status.hardware.cpus")
@AdditionalPrinterColumn(name = "RESERVED", jsonPath = ".status.reservedCPUs")
@AdditionalPrinterColumn(name = "SHARED-POOL", jsonPath = ".status.powerNodeCPUState.sharedPool")
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY)
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
