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
 * A set of CPUs on one node that run one profile. {@code shared-*} workloads ({@code allCores:
 * true}) are the user's and cover every CPU that is neither reserved nor exclusive; {@code
 * <profile>-<node>-workload} objects are written by that node's agent from the pods it sees. Status
 * is written only by the agent of the workload's node.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.VERSION, storage = false)
@Singular("powerworkload")
@Plural("powerworkloads")
@ShortNames("pwl")
@AdditionalPrinterColumn(name = "PROFILE", jsonPath = ".spec.powerProfile")
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".spec.nodeInfo.name")
@AdditionalPrinterColumn(
    name = "ALL-CORES",
    jsonPath = ".spec.allCores",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "CPUS", jsonPath = ".spec.nodeInfo.cpuIds")
@AdditionalPrinterColumn(name = "TUNED", jsonPath = ".status.cpuIds", priority = 1)
@AdditionalPrinterColumn(name = "READY", jsonPath = Columns.READY, priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerWorkload extends CustomResource<PowerWorkloadSpec, PowerWorkloadStatus>
    implements Namespaced {}
