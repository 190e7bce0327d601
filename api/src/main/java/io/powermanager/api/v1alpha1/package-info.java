/**
 * The four custom resources of {@code power.intel.com/v1alpha1}: PowerConfig, PowerProfile,
 * PowerWorkload and PowerNode. The classes are the source of the CRDs (crd-generator-maven-plugin
 * writes them to {@code META-INF/fabric8/}); JSON names are the seed's and are a contract.
 *
 * <p>Every spec and status class is a plain mutable bean with no logic and no thread-safety: {@code
 * null} fields are not written; list and map fields start empty (never {@code null} unless set so)
 * and are not written while empty; unknown JSON fields are ignored, so a newer CRD does not break
 * an older reader. Conversion to and from domain types lives elsewhere.
 */
package io.powermanager.api.v1alpha1;
