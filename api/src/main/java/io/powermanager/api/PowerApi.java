package io.powermanager.api;

import io.powermanager.domain.power.PowerNames;

/** Coordinates of the power API: group, version and the apiVersion string objects carry. */
public final class PowerApi {

  /** The API group of all four kinds (the seed's, so its YAML applies unchanged). */
  public static final String GROUP = PowerNames.GROUP;

  /**
   * The version the project's own components read and write (the seed's): served, not stored; the
   * API server converts it from {@link #STORAGE_VERSION} through the manager's conversion webhook.
   */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} the project's components write: {@value}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Intel v2.x's version, the storage version and the conversion hub. */
  public static final String STORAGE_VERSION = "v1";

  /** {@code apiVersion} of the storage version: {@value}. */
  public static final String STORAGE_API_VERSION = GROUP + "/" + STORAGE_VERSION;

  /**
   * Annotation carrying, as JSON, the values a converted object has no field for, so that they come
   * back on the return trip (the Cluster API convention).
   */
  public static final String CONVERSION_DATA_ANNOTATION = GROUP + "/conversion-data";

  private PowerApi() {}
}
