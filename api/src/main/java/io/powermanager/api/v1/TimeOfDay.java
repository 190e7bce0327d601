package io.powermanager.api.v1;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;

/** {@link io.powermanager.api.v1alpha1.TimeOfDay} served at v1: Intel's v1 shape. */
@Group(PowerApi.GROUP)
@Version(value = "v1", storage = false, served = true)
@Singular("timeofday")
@Plural("timeofdays")
public class TimeOfDay extends io.powermanager.api.v1alpha1.TimeOfDay {}
