package io.powermanager.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.CStatesStatus;

/**
 * {@link io.powermanager.api.v1alpha1.CStates} served at {@code power.intel.com/v1} (Intel v2.5's
 * version): the same schema, conversion {@code None}, not stored. Only the CRD generator needs this
 * class; the code reads and writes the {@code v1alpha1} class.
 */
@Group(PowerApi.GROUP)
@Version(value = "v1", storage = false, served = true)
@Singular("cstates")
@Plural("cstates")
@AdditionalPrinterColumn(name = "SHARED", jsonPath = ".spec.sharedPoolCStates")
@AdditionalPrinterColumn(name = "EXCLUSIVE", jsonPath = ".spec.exclusivePoolCStates")
@AdditionalPrinterColumn(name = "CORES", jsonPath = ".spec.individualCoreCStates")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(
    name = "APPLIED",
    jsonPath = io.powermanager.api.v1alpha1.CStates.APPLIED_COLUMN)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = io.powermanager.api.v1alpha1.CStates.REASON_COLUMN,
    priority = 1)
@AdditionalPrinterColumn(name = "NODE-SELECTOR", jsonPath = ".spec.nodeSelector", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CStates extends CustomResource<CStatesSpec, CStatesStatus> implements Namespaced {}
