package io.powermanager.domain.power;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The profiles a PowerConfig may list in {@code powerProfiles}. Each is expanded per power node
 * into an extended profile {@code <base>-<node>} whose frequencies come from that node's hardware
 * ({@link ExtendedProfiles}).
 */
public enum BaseProfile {
  PERFORMANCE("performance", Epp.PERFORMANCE, 0.0),
  BALANCE_PERFORMANCE("balance-performance", Epp.BALANCE_PERFORMANCE, 0.25),
  BALANCE_POWER("balance-power", Epp.BALANCE_POWER, 0.5);

  private final String profileName;
  private final Epp epp;
  private final double spanBelowMax;

  BaseProfile(String profileName, Epp epp, double spanBelowMax) {
    this.profileName = profileName;
    this.epp = epp;
    this.spanBelowMax = spanBelowMax;
  }

  /** The profile's name, also its resource name suffix: {@code balance-performance}. */
  public String profileName() {
    return profileName;
  }

  public Epp epp() {
    return epp;
  }

  /** How far below the hardware maximum this profile's ceiling sits, as a share of the range. */
  double spanBelowMax() {
    return spanBelowMax;
  }

  public static Optional<BaseProfile> byName(String name) {
    return Arrays.stream(values()).filter(b -> b.profileName.equals(name)).findFirst();
  }

  public static String allowedNames() {
    return Arrays.stream(values()).map(BaseProfile::profileName).collect(Collectors.joining(", "));
  }

  /** The base profile as created from a PowerConfig: EPP set, frequencies derived per node. */
  public PowerProfile asProfile() {
    return new PowerProfile(
        profileName, Optional.empty(), Optional.empty(), epp, Optional.empty(), Optional.empty());
  }

  @Override
  public String toString() {
    return profileName;
  }
}
