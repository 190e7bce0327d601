package io.powermanager.domain.cstates;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CStates object that applies to one node, with Intel's three maps (state name → {@code true}
 * enabled / {@code false} disabled). Immutable.
 *
 * @param name the object's name, for messages
 * @param sharedPool for the Shared pool's CPUs
 * @param exclusivePools by profile name, for CPUs running that profile; a base profile name ({@code
 *     performance}) also covers its per-node profile ({@code performance-<node>})
 * @param individualCores by CPU id; applies to any CPU, reserved and Default ones included
 * @param under the layer this one lies on (a schedule entry's layer over the node's CStates
 *     object): its maps apply first, this one's win per state name
 */
public record CStatesConfig(
    String name,
    Map<String, Boolean> sharedPool,
    Map<String, Map<String, Boolean>> exclusivePools,
    Map<Integer, Map<String, Boolean>> individualCores,
    Optional<CStatesConfig> under) {

  public CStatesConfig {
    Objects.requireNonNull(name, "name");
    sharedPool = Collections.unmodifiableMap(new TreeMap<>(sharedPool));
    exclusivePools = copy(exclusivePools);
    individualCores = copy(individualCores);
    Objects.requireNonNull(under, "under");
  }

  /** One object, on nothing. */
  public CStatesConfig(
      String name,
      Map<String, Boolean> sharedPool,
      Map<String, Map<String, Boolean>> exclusivePools,
      Map<Integer, Map<String, Boolean>> individualCores) {
    this(name, sharedPool, exclusivePools, individualCores, Optional.empty());
  }

  /**
   * This layer laid over {@code below} (when present): {@code below}'s maps apply first, this one's
   * win per state name. Removing the layer is using {@code below} again.
   */
  public CStatesConfig over(Optional<CStatesConfig> below) {
    return new CStatesConfig(name, sharedPool, exclusivePools, individualCores, below);
  }

  private static <K> Map<K, Map<String, Boolean>> copy(Map<K, Map<String, Boolean>> in) {
    Map<K, Map<String, Boolean>> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The exclusive-pool states for CPUs running {@code profile} on {@code node}: the entry named
   * exactly {@code profile}, else the entry of its base name when {@code profile} is {@code
   * <base>-<node>}.
   */
  public Optional<Map<String, Boolean>> exclusiveFor(String profile, String node) {
    Map<String, Boolean> exact = exclusivePools.get(profile);
    if (exact != null) {
      return Optional.of(exact);
    }
    String suffix = "-" + node;
    if (profile.endsWith(suffix)) {
      return Optional.ofNullable(
          exclusivePools.get(profile.substring(0, profile.length() - suffix.length())));
    }
    return Optional.empty();
  }

  /** Whether this object names {@code profile} as an exclusive-pool key. */
  public boolean namesProfile(String profile) {
    return exclusivePools.containsKey(profile);
  }
}
