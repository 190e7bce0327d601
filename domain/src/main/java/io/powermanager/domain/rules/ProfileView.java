package io.powermanager.domain.rules;

import io.powermanager.domain.node.LabelSelector;

/**
 * A PowerProfile as the rules see it: plain spec values, each possibly absent ({@code null}).
 * {@code cpuCapacity} is the IntOrString rendered as text ({@code "12"} or {@code "40%"}); {@code
 * min}/{@code max} likewise ({@code "2400"}, {@code "50%"}, {@code "base"}); {@code shared} is null
 * when the spec does not say.
 */
public record ProfileView(
    String metadataName,
    String specName,
    String min,
    String max,
    String epp,
    String governor,
    String cpuCapacity,
    LabelSelector nodeSelector,
    Boolean shared) {

  /** A view whose spec does not say {@code shared} (shared exactly when {@code epp} is power). */
  public ProfileView(
      String metadataName,
      String specName,
      String min,
      String max,
      String epp,
      String governor,
      String cpuCapacity,
      LabelSelector nodeSelector) {
    this(metadataName, specName, min, max, epp, governor, cpuCapacity, nodeSelector, null);
  }

  /** A view without a node selector (every power node). */
  public ProfileView(
      String metadataName,
      String specName,
      String min,
      String max,
      String epp,
      String governor,
      String cpuCapacity) {
    this(metadataName, specName, min, max, epp, governor, cpuCapacity, null, null);
  }
}
