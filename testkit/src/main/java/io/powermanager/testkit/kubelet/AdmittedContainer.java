package io.powermanager.testkit.kubelet;

import io.powermanager.domain.CpuSet;
import java.util.Objects;

/**
 * A container the emulated kubelet runs and the CPUs its static CPU manager gave it.
 *
 * @param name the container name
 * @param exclusiveCpus the container's exclusive CPUs; empty when it runs on the shared pool
 */
public record AdmittedContainer(String name, CpuSet exclusiveCpus) {

  public AdmittedContainer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(exclusiveCpus, "exclusiveCpus");
  }

  /** Whether the container holds exclusive CPUs. */
  public boolean isExclusive() {
    return !exclusiveCpus.isEmpty();
  }
}
