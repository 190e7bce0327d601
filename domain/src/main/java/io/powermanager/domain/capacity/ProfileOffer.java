package io.powermanager.domain.capacity;

import io.powermanager.domain.power.PowerProfile;
import java.util.Objects;
import java.util.Optional;

/**
 * A profile that may be advertised as the extended resource {@code power.intel.com/<name>}.
 *
 * @param profile a valid profile
 * @param onlyOn the one node it belongs to (an extended profile {@code <base>-<node>}); empty for a
 *     profile every power node offers (a base or a custom profile)
 */
public record ProfileOffer(PowerProfile profile, Optional<String> onlyOn) {

  public ProfileOffer {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(onlyOn, "onlyOn");
  }

  /** A profile every power node offers. */
  public static ProfileOffer everywhere(PowerProfile profile) {
    return new ProfileOffer(profile, Optional.empty());
  }

  /** A profile that belongs to one node. */
  public static ProfileOffer onlyOn(PowerProfile profile, String node) {
    return new ProfileOffer(profile, Optional.of(node));
  }

  boolean appliesTo(String node) {
    return onlyOn.map(node::equals).orElse(true);
  }
}
