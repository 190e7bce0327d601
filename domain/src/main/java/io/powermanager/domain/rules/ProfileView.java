package io.powermanager.domain.rules;

/**
 * A PowerProfile as the rules see it: plain spec values, each possibly absent ({@code null}).
 * {@code cpuCapacity} is the IntOrString rendered as text ({@code "12"} or {@code "40%"}); {@code
 * min}/{@code max} likewise ({@code "2400"}, {@code "50%"}, {@code "base"}).
 */
public record ProfileView(
    String metadataName,
    String specName,
    String min,
    String max,
    String epp,
    String governor,
    String cpuCapacity) {}
