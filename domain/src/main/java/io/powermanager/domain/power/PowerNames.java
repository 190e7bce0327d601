package io.powermanager.domain.power;

import java.util.Optional;

/**
 * The names power-manager gives and recognises: extended resources, extended profiles and
 * PowerWorkloads. Deterministic, so a reconciler finds its children by name and never parses
 * identity back out of one.
 */
public final class PowerNames {

  /** The API group, also the extended resource prefix. */
  public static final String GROUP = "power.intel.com";

  /** Every profile resource a container can request starts with this. */
  public static final String RESOURCE_PREFIX = GROUP + "/";

  /** A shared PowerWorkload's name starts with this, and only a shared one's. */
  public static final String SHARED_WORKLOAD_PREFIX = "shared-";

  private static final String WORKLOAD_SUFFIX = "-workload";

  private PowerNames() {}

  /**
   * A profile name must be both an object name and the name part of an extended resource: lower
   * case, at most 63 characters.
   */
  public static boolean isValidProfileName(String name) {
    // [a-z0-9]([-a-z0-9.]*[a-z0-9])? of at most 63 characters; such a name is also a valid name
    // part of a qualified name, and power.intel.com a valid prefix, so the resource name is valid
    if (name == null || name.isEmpty() || name.length() > PowerProfile.MAX_NAME_LENGTH) {
      return false;
    }
    int last = name.length() - 1;
    if (!isLowerAlphanumeric(name.charAt(0)) || !isLowerAlphanumeric(name.charAt(last))) {
      return false;
    }
    for (int i = 1; i < last; i++) {
      char c = name.charAt(i);
      if (!isLowerAlphanumeric(c) && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** {@code power.intel.com/<profile>}. */
  public static String resourceName(String profile) {
    return RESOURCE_PREFIX + profile;
  }

  public static boolean isPowerResource(String resourceName) {
    return resourceName != null && resourceName.startsWith(RESOURCE_PREFIX);
  }

  /** The profile a resource name asks for: {@code power.intel.com/performance} → performance. */
  public static Optional<String> profileOf(String resourceName) {
    return isPowerResource(resourceName) && resourceName.length() > RESOURCE_PREFIX.length()
        ? Optional.of(resourceName.substring(RESOURCE_PREFIX.length()))
        : Optional.empty();
  }

  /** {@code <base>-<node>}: the per-node profile derived from a base profile. */
  public static String extendedProfileName(String base, String node) {
    return base + "-" + node;
  }

  /**
   * {@code <profile>-<node>-workload}: the PowerWorkload an agent keeps for the exclusive CPUs of
   * one profile on its node. {@code profile} is the base (or custom) profile's name, so a pod that
   * asks for {@code performance} and one that asks for {@code performance-node1} share {@code
   * performance-node1-workload}, as in the seed.
   */
  public static String workloadName(String profile, String node) {
    return profile + "-" + node + WORKLOAD_SUFFIX;
  }

  /**
   * {@code shared-<node>-workload}: the name the seed's example uses for a node's shared workload.
   */
  public static String sharedWorkloadName(String node) {
    return SHARED_WORKLOAD_PREFIX + node + WORKLOAD_SUFFIX;
  }

  public static boolean isSharedWorkloadName(String name) {
    return name != null && name.startsWith(SHARED_WORKLOAD_PREFIX);
  }
}
