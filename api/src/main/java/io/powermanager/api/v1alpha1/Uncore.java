package io.powermanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;

/**
 * Uncore frequency limits for one node (named after it, Intel's rule) or the nodes {@code
 * spec.nodeSelector} picks: {@code sysMin}/{@code sysMax} for every domain, then package and die
 * selectors, later wins. Served at {@code v1alpha1} (stored) and, with the same schema, at {@code
 * v1} ({@link io.powermanager.api.v1.Uncore}) so Intel's manifests apply as they are. Each node's
 * applied values are in its PowerNode's {@code status.uncore}; the manager writes the object's
 * status (nodes, per-node outcome, {@code Applied}) from the PowerNodes.
 */
@Group(PowerApi.GROUP)
@Version(PowerApi.VERSION)
@Singular("uncore")
@Plural("uncores")
@AdditionalPrinterColumn(name = "SYS-MIN-KHZ", jsonPath = ".spec.sysMin")
@AdditionalPrinterColumn(name = "SYS-MAX-KHZ", jsonPath = ".spec.sysMax")
@AdditionalPrinterColumn(name = "PACKAGES", jsonPath = ".spec.dieSelector[*].package")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(name = "APPLIED", jsonPath = Uncore.APPLIED_COLUMN)
@AdditionalPrinterColumn(name = "OUTCOMES", jsonPath = ".status.outcomes[*].outcome", priority = 1)
@AdditionalPrinterColumn(name = "NODE-SELECTOR", jsonPath = ".spec.nodeSelector", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class Uncore extends CustomResource<UncoreSpec, UncoreStatus> implements Namespaced {

  /** The {@code Applied} condition's status, as a printer column. */
  public static final String APPLIED_COLUMN = ".status.conditions[?(@.type==\"Applied\")].status";

  /** The condition type saying whether every targeted node holds the object's limits. */
  public static final String APPLIED = "Applied";
}
