package io.powermanager.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.api.v1alpha1.UncoreStatus;

/**
 * The {@code power.intel.com/v1} face of {@link io.powermanager.api.v1alpha1.Uncore}: the same
 * schema (conversion {@code None}), so Intel v2.5's {@code examples/example-uncore.yaml} applies
 * unchanged. Read and write {@code v1alpha1} in code; this class exists for the CRD's second
 * version.
 */
@Group(PowerApi.GROUP)
@Version(value = "v1", storage = false)
@Singular("uncore")
@Plural("uncores")
@AdditionalPrinterColumn(name = "SYS-MIN-KHZ", jsonPath = ".spec.sysMin")
@AdditionalPrinterColumn(name = "SYS-MAX-KHZ", jsonPath = ".spec.sysMax")
@AdditionalPrinterColumn(name = "PACKAGES", jsonPath = ".spec.dieSelector[*].package")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(
    name = "APPLIED",
    jsonPath = io.powermanager.api.v1alpha1.Uncore.APPLIED_COLUMN)
@AdditionalPrinterColumn(name = "OUTCOMES", jsonPath = ".status.outcomes[*].outcome", priority = 1)
@AdditionalPrinterColumn(name = "NODE-SELECTOR", jsonPath = ".spec.nodeSelector", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Uncore extends CustomResource<UncoreSpec, UncoreStatus> implements Namespaced {}
