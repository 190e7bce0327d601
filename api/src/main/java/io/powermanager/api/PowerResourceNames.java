package io.powermanager.api;

import java.util.Optional;

/** Names of the extended resources that advertise profiles: {@code power.intel.com/<profile>}. */
public final class PowerResourceNames {

  /** Prefix of every profile resource name, slash included. */
  public static final String PREFIX = PowerApi.GROUP + "/";

  private PowerResourceNames() {}

  /**
   * The extended resource for a profile: {@code forProfile("performance")} is {@code
   * power.intel.com/performance}.
   */
  public static String forProfile(String profile) {
    return PREFIX + profile;
  }

  /** The profile a resource name advertises, or empty when it is not a power resource. */
  public static Optional<String> profileOf(String resourceName) {
    if (resourceName == null
        || !resourceName.startsWith(PREFIX)
        || resourceName.length() == PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(resourceName.substring(PREFIX.length()));
  }
}
