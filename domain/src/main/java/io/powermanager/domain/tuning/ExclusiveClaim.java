package io.powermanager.domain.tuning;

import io.powermanager.domain.CpuSet;
import java.util.Objects;

/**
 * A container's exclusive CPUs (from the kubelet) and the profile its pod asked for.
 *
 * @param owner who holds the CPUs, for messages, e.g. {@code default/web-1/app}
 * @param cpus the container's exclusive CPUs
 * @param profile the profile (after base → extended resolution) the CPUs should run
 */
public record ExclusiveClaim(String owner, CpuSet cpus, String profile) {

  public ExclusiveClaim {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(profile, "profile");
  }
}
