package io.powermanager.api;

import io.powermanager.domain.power.PowerNames;

/** Coordinates of the power API: group, version and the apiVersion string objects carry. */
public final class PowerApi {

  /** The API group of all four kinds (the seed's, so its YAML applies unchanged). */
  public static final String GROUP = PowerNames.GROUP;

  /** The one served and stored version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} of every power object: {@value}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private PowerApi() {}
}
