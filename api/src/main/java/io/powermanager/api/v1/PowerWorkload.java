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
 * A workload at v1 (storage), in Intel v2.5's shape: {@code workloadNodes} for v1alpha1's {@code
 * nodeInfo}, {@code reservedCPUs} as groups of cores with an optional profile.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.STORAGE_VERSION, storage = true)
@Singular("powerworkload")
@Plural("powerworkloads")
@ShortNames("pwl")
@AdditionalPrinterColumn(name = "PROFILE", jsonPath = ".spec.powerProfile")
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".spec.workloadNodes.name")
@AdditionalPrinterColumn(
    name = "ALL-CORES",
    jsonPath = ".spec.allCores",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "CPUS", jsonPath = ".spec.workloadNodes.cpuIds")
@AdditionalPrinterColumn(name = "TUNED", jsonPath = ".status.cpuIds", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY, priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerWorkload extends CustomResource<PowerWorkloadSpec, PowerWorkloadStatus>
    implements Namespaced {}
