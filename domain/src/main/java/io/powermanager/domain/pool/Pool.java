package io.powermanager.domain.pool;

import java.util.Objects;

/**
 * The pools a node's CPUs fall into, as the seed describes them. Every online CPU is in exactly one
 * pool at a time.
 */
public sealed interface Pool {

  /**
   * The seed's name for the pool in PowerNode status: Reserved, Default, Shared, or the profile.
   */
  String displayName();

  /** CPUs the kubelet keeps for system daemons (online − allocatable); never tuned. */
  record Reserved() implements Pool {
    @Override
    public String displayName() {
      return "Reserved";
    }
  }

  /** CPUs neither reserved nor exclusive while the node has no shared workload; left untouched. */
  record Default() implements Pool {
    @Override
    public String displayName() {
      return "Default";
    }
  }

  /**
   * CPUs neither reserved nor exclusive, tuned to the node's shared profile ({@code epp: power}).
   */
  record Shared(String profile) implements Pool {
    public Shared {
      Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String displayName() {
      return "Shared";
    }
  }

  /** Exclusive CPUs of containers that asked for {@code profile}. */
  record Exclusive(String profile) implements Pool {
    public Exclusive {
      Objects.requireNonNull(profile, "profile");
    }

    @Override
    public String displayName() {
      return profile;
    }
  }
}
