package io.powermanager.api.v1;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.powermanager.api.PowerApi;

/** {@link io.powermanager.api.v1alpha1.PowerSchedule} served at v1: the same schema. */
@Group(PowerApi.GROUP)
@Version(value = "v1", storage = false, served = true)
@Singular("powerschedule")
@Plural("powerschedules")
public class PowerSchedule extends io.powermanager.api.v1alpha1.PowerSchedule {}
