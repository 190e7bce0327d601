package io.powermanager.domain.rules;

import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fixed, in-memory {@link PowerCatalog}: what the offline {@code validate} command knows from its
 * input files, and what rule tests set up. Immutable once built; thread-safe.
 */
public final class StaticCatalog implements PowerCatalog {

  private final boolean knowsProfiles;
  private final boolean knowsNodes;
  private final Map<String, PowerProfile> profiles;
  private final Map<String, Map<String, String>> nodes;
  private final Map<String, String> sharedWorkloadByNode;
  private final List<String> powerConfigs;
  private final Map<String, List<String>> users;
  private final List<Frequency> maxima;
  private final List<Frequency> minima;
  private final List<List<HardwareRange>> coreTypes;
  private final List<String> customDevices;
  private final List<io.powermanager.domain.cstates.NodeIdleFacts> idleNodes;
  private final List<io.powermanager.domain.uncore.UncoreRules.PowerNodeView> uncoreNodes;

  private StaticCatalog(Builder b) {
    this.knowsProfiles = b.knowsProfiles;
    this.knowsNodes = b.knowsNodes;
    this.profiles = Map.copyOf(b.profiles);
    this.nodes = new TreeMap<>(b.nodes);
    this.sharedWorkloadByNode = Map.copyOf(b.sharedWorkloadByNode);
    this.powerConfigs = List.copyOf(b.powerConfigs);
    Map<String, List<String>> u = new HashMap<>();
    b.users.forEach((k, v) -> u.put(k, List.copyOf(v)));
    this.users = Map.copyOf(u);
    this.maxima = List.copyOf(b.maxima);
    this.minima = List.copyOf(b.minima);
    this.coreTypes = List.copyOf(b.coreTypes);
    this.customDevices = List.copyOf(b.customDevices);
    this.idleNodes = List.copyOf(b.idleNodes);
    this.uncoreNodes = List.copyOf(b.uncoreNodes);
  }

  @Override
  public List<io.powermanager.domain.cstates.NodeIdleFacts> idleNodes() {
    return idleNodes;
  }

  @Override
  public List<io.powermanager.domain.uncore.UncoreRules.PowerNodeView> uncoreNodes() {
    return uncoreNodes;
  }

  /** A catalog that knows nothing: every lookup-based check is skipped. */
  public static StaticCatalog unknown() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean knowsProfiles() {
    return knowsProfiles;
  }

  @Override
  public Optional<PowerProfile> profile(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  @Override
  public boolean knowsNodes() {
    return knowsNodes;
  }

  @Override
  public List<String> nodesMatching(Map<String, String> selector) {
    List<String> out = new ArrayList<>();
    nodes.forEach(
        (name, labels) -> {
          if (labels.entrySet().containsAll(selector.entrySet())) {
            out.add(name);
          }
        });
    return out;
  }

  @Override
  public Optional<String> sharedWorkloadOn(String node, String exceptWorkload) {
    return Optional.ofNullable(sharedWorkloadByNode.get(node))
        .filter(w -> !w.equals(exceptWorkload));
  }

  @Override
  public Optional<String> powerConfigOtherThan(String exceptName) {
    return powerConfigs.stream().filter(n -> !n.equals(exceptName)).findFirst();
  }

  @Override
  public List<String> usersOf(String profile) {
    return users.getOrDefault(profile, List.of());
  }

  @Override
  public List<Frequency> powerNodeMaxima() {
    return maxima;
  }

  @Override
  public List<Frequency> powerNodeMinima() {
    return minima;
  }

  @Override
  public List<String> customDevices() {
    return customDevices;
  }

  /** The nodes it was given count as power nodes. */
  @Override
  public List<String> powerNodesMatching(LabelSelector selector) {
    return nodes.entrySet().stream()
        .filter(e -> selector.matches(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  @Override
  public List<List<HardwareRange>> powerNodeCoreTypes() {
    return coreTypes;
  }

  /** Not thread-safe. */
  public static final class Builder {
    private boolean knowsProfiles;
    private boolean knowsNodes;
    private final Map<String, PowerProfile> profiles = new HashMap<>();
    private final Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
    private final Map<String, String> sharedWorkloadByNode = new HashMap<>();
    private final List<String> powerConfigs = new ArrayList<>();
    private final Map<String, List<String>> users = new HashMap<>();
    private final List<Frequency> maxima = new ArrayList<>();
    private final List<Frequency> minima = new ArrayList<>();
    private final List<List<HardwareRange>> coreTypes = new ArrayList<>();
    private final List<String> customDevices = new ArrayList<>();
    private final List<io.powermanager.domain.cstates.NodeIdleFacts> idleNodes = new ArrayList<>();
    private final List<io.powermanager.domain.uncore.UncoreRules.PowerNodeView> uncoreNodes =
        new ArrayList<>();

    /** A power node's idle states, online and reserved CPUs. */
    public Builder idleNode(io.powermanager.domain.cstates.NodeIdleFacts facts) {
      idleNodes.add(facts);
      return this;
    }

    /** A power node's uncore domains. */
    public Builder uncoreNode(io.powermanager.domain.uncore.UncoreRules.PowerNodeView node) {
      uncoreNodes.add(node);
      return this;
    }

    /** Declares the profile list complete (even when empty): missing profiles are errors. */
    public Builder knowsProfiles() {
      knowsProfiles = true;
      return this;
    }

    /** Declares the node list complete (even when empty). */
    public Builder knowsNodes() {
      knowsNodes = true;
      return this;
    }

    public Builder profile(PowerProfile profile) {
      knowsProfiles = true;
      profiles.put(profile.name(), profile);
      return this;
    }

    public Builder node(String name, Map<String, String> labels) {
      knowsNodes = true;
      nodes.put(name, Map.copyOf(labels));
      return this;
    }

    public Builder sharedWorkload(String node, String workload) {
      sharedWorkloadByNode.put(node, workload);
      return this;
    }

    public Builder powerConfig(String name) {
      powerConfigs.add(name);
      return this;
    }

    public Builder user(String profile, String user) {
      users.computeIfAbsent(profile, k -> new ArrayList<>()).add(user);
      return this;
    }

    public Builder powerNodeMaximum(Frequency max) {
      maxima.add(max);
      return this;
    }

    public Builder powerNodeMinimum(Frequency min) {
      minima.add(min);
      return this;
    }

    /** A power node with these core types: also adds its maximum and minimum. */
    public Builder powerNode(List<HardwareRange> types) {
      coreTypes.add(List.copyOf(types));
      types.stream().map(HardwareRange::max).max(Frequency::compareTo).ifPresent(maxima::add);
      types.stream().map(HardwareRange::min).min(Frequency::compareTo).ifPresent(minima::add);
      return this;
    }

    /** The PowerConfig's {@code customDevices}. */
    public Builder customDevices(List<String> names) {
      customDevices.addAll(names);
      return this;
    }

    public StaticCatalog build() {
      return new StaticCatalog(this);
    }
  }
}
