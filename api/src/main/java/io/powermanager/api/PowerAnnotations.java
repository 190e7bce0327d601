package io.powermanager.api;

import io.powermanager.domain.rules.ProfileAnnotation;

/** Annotation keys the power components read or write. */
public final class PowerAnnotations {

  /**
   * On pods: the profile to request. The mutating webhook adds the matching {@code
   * power.intel.com/<profile>} resources to containers that have exclusive CPUs but no profile
   * resource.
   */
  public static final String PROFILE = ProfileAnnotation.KEY;

  private PowerAnnotations() {}
}
