package io.powermanager.domain.rules;

/**
 * The version of {@code power.intel.com} a request was made in. The rules of the seed kinds are the
 * same in both but where the versions' contracts differ: v1alpha1 keeps the seed's {@code shared-}
 * name rule for shared workloads and requires a profile's {@code epp} on create; v1 follows Intel
 * v2.5 (no name rule, {@code epp} optional).
 */
public enum ApiVersion {
  V1ALPHA1,
  V1;

  /** The version named by a Kubernetes {@code version} ({@code v1}); v1alpha1 for anything else. */
  public static ApiVersion of(String version) {
    return "v1".equals(version) ? V1 : V1ALPHA1;
  }
}
