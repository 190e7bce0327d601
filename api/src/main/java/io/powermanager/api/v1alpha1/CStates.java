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
 * Idle-state (C-state) settings of one node's Shared pool, profile pools and single CPUs, with
 * Intel v1's field names. {@code metadata.name} is the node's name unless {@code nodeSelector} is
 * set. Served at {@code v1alpha1} (stored) and {@code v1} ({@link io.powermanager.api.v1.CStates})
 * with the same schema, so Intel's manifests apply unchanged. Spec is the user's; status (the nodes
 * it applies to, {@code Applied}) is written by the manager from the PowerNodes' reports.
 */
@Group(PowerApi.GROUP)
@Version(value = PowerApi.VERSION, storage = true, served = true)
@Singular("cstates")
@Plural("cstates")
@AdditionalPrinterColumn(name = "SHARED", jsonPath = ".spec.sharedPoolCStates")
@AdditionalPrinterColumn(name = "EXCLUSIVE", jsonPath = ".spec.exclusivePoolCStates")
@AdditionalPrinterColumn(name = "CORES", jsonPath = ".spec.individualCoreCStates")
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(name = "APPLIED", jsonPath = CStates.APPLIED_COLUMN)
@AdditionalPrinterColumn(name = "REASON", jsonPath = CStates.REASON_COLUMN, priority = 1)
@AdditionalPrinterColumn(name = "NODE-SELECTOR", jsonPath = ".spec.nodeSelector", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class CStates extends CustomResource<CStatesSpec, CStatesStatus> implements Namespaced {

  /** The {@code Applied} condition's status, as a printer column. */
  public static final String APPLIED_COLUMN = ".status.conditions[?(@.type==\"Applied\")].status";

  /** The {@code Applied} condition's reason, as a printer column. */
  public static final String REASON_COLUMN = ".status.conditions[?(@.type==\"Applied\")].reason";

  /** The condition type saying whether every targeted node applies the object. */
  public static final String APPLIED = "Applied";
}
