package io.powermanager.domain.rules;

import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules may look up about the cluster. The webhook answers from informer caches; the
 * offline {@code validate} command answers from the manifests it was given and says, through the
 * {@code knows…} methods, when it cannot know (those checks are then skipped, never guessed).
 *
 * <p>Implementations must be safe to call from several threads when the caller is concurrent.
 */
public interface PowerCatalog {

  /** False when profile existence cannot be checked (offline, no profile in the input). */
  boolean knowsProfiles();

  /** A valid profile of that name in the power namespace (base, extended or custom). */
  Optional<PowerProfile> profile(String name);

  /** False when the cluster's nodes are unknown (offline). */
  boolean knowsNodes();

  /** Names of the nodes whose labels match every entry of {@code selector}, sorted. */
  List<String> nodesMatching(Map<String, String> selector);

  /**
   * The shared PowerWorkload, other than {@code exceptWorkload}, that already selects {@code node}.
   */
  Optional<String> sharedWorkloadOn(String node, String exceptWorkload);

  /** The PowerConfig, other than {@code exceptName}, that already exists. */
  Optional<String> powerConfigOtherThan(String exceptName);

  /**
   * Who uses {@code profile}, for a guarded delete: e.g. {@code pod default/web-1}, {@code
   * PowerWorkload performance-node1-workload}. Empty when unused.
   */
  List<String> usersOf(String profile);

  /** The highest {@code cpuinfo_max_freq} of each power node; empty when unknown. */
  List<Frequency> powerNodeMaxima();

  /** The lowest {@code cpuinfo_min_freq} of each power node; empty when unknown. */
  List<Frequency> powerNodeMinima();

  /**
   * Every power node with its labels and uncore domains, for the Uncore rules; empty when the
   * catalog does not know nodes.
   */
  /** Every power node's idle states, online and reserved CPUs; empty when unknown. */
  default List<io.powermanager.domain.cstates.NodeIdleFacts> idleNodes() {
    return List.of();
  }

  default List<io.powermanager.domain.uncore.UncoreRules.PowerNodeView> uncoreNodes() {
    return List.of();
  }

  /** The Uncore objects of the power namespace. */
  default List<io.powermanager.domain.uncore.UncoreRules.OtherUncore> uncores() {
    return List.of();
  }

  /**
   * Every power node with its labels, turbo switch and core types, for the PowerNodeSettings rules;
   * empty when the catalog does not know nodes.
   */
  default List<io.powermanager.domain.nodesettings.NodeSettingsRules.PowerNodeView>
      nodeSettingsNodes() {
    return List.of();
  }

  /** The PowerNodeSettings objects of the power namespace. */
  default List<io.powermanager.domain.nodesettings.NodeSettingsRules.Other> nodeSettings() {
    return List.of();
  }

  /**
   * The frequency range (with {@code base_frequency}, when reported) of each core type of each
   * power node; empty when unknown.
   */
  List<List<HardwareRange>> powerNodeCoreTypes();

  /** Names of the power nodes (nodes with a PowerNode) whose labels {@code selector} matches. */
  List<String> powerNodesMatching(LabelSelector selector);

  /**
   * The PowerConfig's {@code customDevices}: extended resources counted as CPUs (a device plugin
   * hands out CPUs, which the kubelet reports in {@code cpu_ids}); empty when none or unknown.
   */
  List<String> customDevices();
}
