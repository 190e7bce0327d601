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
 * Intel's TimeOfDay with Intel's field names, so their examples apply unchanged: a schedule for the
 * node its {@code metadata.name} names, run by the same engine as {@link PowerSchedule}. Served at
 * v1alpha1 (stored) and v1 ({@code io.powermanager.api.v1.TimeOfDay}) with one schema.
 * TimeOfDayCronJob is not served: where the schedule stands is status.
 */
@Group(PowerApi.GROUP)
@Version(value = "v1alpha1", storage = true, served = true)
@Singular("timeofday")
@Plural("timeofdays")
@AdditionalPrinterColumn(name = "ZONE", jsonPath = ".spec.timeZone")
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = Columns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class TimeOfDay extends CustomResource<TimeOfDaySpec, ScheduleStatus>
    implements Namespaced {}
