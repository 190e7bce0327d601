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
 * A weekly time-of-day schedule for the nodes its {@code nodeSelector} selects: while an entry is
 * active, its layers (the Shared pool's profile, pod retunes) lie over the normal desired state.
 * Spec is the user's; each selected node's agent reports where the schedule stands on it in its
 * PowerNode status ({@code schedule}). Served at v1alpha1 (stored) and v1 ({@code
 * io.powermanager.api.v1.PowerSchedule}) with one schema.
 */
@Group(PowerApi.GROUP)
@Version(value = "v1alpha1", storage = true, served = true)
@Singular("powerschedule")
@Plural("powerschedules")
@ShortNames("psched")
@AdditionalPrinterColumn(name = "ZONE", jsonPath = ".spec.timeZone")
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class PowerSchedule extends CustomResource<PowerScheduleSpec, ScheduleStatus>
    implements Namespaced {}
