package io.powermanager.api;

/** Coordinates of the power API: group, version and the apiVersion string objects carry. */
public final class PowerApi {

  /** The API group of all four kinds (the seed's, so its YAML applies unchanged). */
  public static final String GROUP = "power.intel.com";

  /** The one served and stored version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} of every power object: {@value}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private PowerApi() {}
}
