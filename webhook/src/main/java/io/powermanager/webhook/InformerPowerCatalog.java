package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.UncoreConversion;
import io.powermanager.api.convert.WorkloadConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.WorkloadView;
import io.powermanager.domain.uncore.UncoreRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PowerCatalog} answered from {@link ClusterInformers}: informer stores only, no API
 * calls. Knows profiles and nodes (the webhook is ready only once the caches synced).
 *
 * <p>Hot lookups are cached: a profile's domain value is converted once per stored object (the
 * informer replaces the object on every change), and the power nodes' hardware maxima and minima
 * are recomputed only after a PowerNode event. The rare lookups (node selectors, shared workloads,
 * a profile's users) scan the stores. Thread-safe.
 */
public final class InformerPowerCatalog implements PowerCatalog {

  private static final String SUCCEEDED = "Succeeded";
  private static final String FAILED = "Failed";

  private final ClusterInformers caches;
  private final String powerNamespace;
  private final Map<String, Converted> profileCache = new ConcurrentHashMap<>();
  private final AtomicLong powerNodeGeneration = new AtomicLong();
  private volatile HardwareBounds bounds = new HardwareBounds(-1, List.of(), List.of(), List.of());

  private record Converted(Object source, Optional<PowerProfile> profile) {}

  /** Every power node's highest and lowest frequency, as of a PowerNode generation. */
  private record HardwareBounds(
      long generation,
      List<Frequency> maxima,
      List<Frequency> minima,
      List<List<HardwareRange>> coreTypes) {}

  public InformerPowerCatalog(ClusterInformers caches, String powerNamespace) {
    this.caches = Objects.requireNonNull(caches, "caches");
    this.powerNamespace = Objects.requireNonNull(powerNamespace, "powerNamespace");
    // informers are created on first use: ask for every kind read here before the set starts
    caches.profiles();
    caches.configs();
    caches.workloads();
    caches.nodes();
    caches.pods();
    caches.uncores();
    caches.nodeSettings();
    ClusterInformers.onEvents(
        caches.powerNodes(),
        n -> powerNodeGeneration.incrementAndGet(),
        n -> powerNodeGeneration.incrementAndGet());
  }

  @Override
  public boolean knowsProfiles() {
    return true;
  }

  @Override
  public Optional<PowerProfile> profile(String name) {
    var cr = caches.profiles().getIndexer().getByKey(key(name));
    if (cr == null) {
      profileCache.remove(name);
      return Optional.empty();
    }
    Converted cached = profileCache.get(name);
    if (cached != null && cached.source() == cr) {
      return cached.profile();
    }
    Optional<PowerProfile> profile = ProfileConversion.valid(cr);
    profileCache.put(name, new Converted(cr, profile));
    return profile;
  }

  @Override
  public boolean knowsNodes() {
    return true;
  }

  @Override
  public List<String> nodesMatching(Map<String, String> selector) {
    List<String> out = new ArrayList<>();
    for (Node node : caches.nodes().getStore().list()) {
      Map<String, String> labels =
          node.getMetadata() == null || node.getMetadata().getLabels() == null
              ? Map.of()
              : node.getMetadata().getLabels();
      if (labels.entrySet().containsAll(selector.entrySet())) {
        out.add(node.getMetadata().getName());
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<UncoreRules.PowerNodeView> uncoreNodes() {
    Map<String, Map<String, String>> labels = nodeLabels();
    List<UncoreRules.PowerNodeView> out = new ArrayList<>();
    for (PowerNode pn : inPowerNamespace(caches.powerNodes().getStore().list())) {
      String name = pn.getMetadata().getName();
      out.add(
          new UncoreRules.PowerNodeView(
              name, labels.getOrDefault(name, Map.of()), UncoreConversion.domains(pn)));
    }
    return out;
  }

  @Override
  public List<io.powermanager.domain.cstates.NodeIdleFacts> idleNodes() {
    return inPowerNamespace(caches.powerNodes().getStore().list()).stream()
        .map(io.powermanager.api.convert.CStatesConversion::idleFacts)
        .toList();
  }

  @Override
  public List<io.powermanager.domain.nodesettings.NodeSettingsRules.PowerNodeView>
      nodeSettingsNodes() {
    Map<String, Map<String, String>> labels = nodeLabels();
    List<io.powermanager.domain.nodesettings.NodeSettingsRules.PowerNodeView> out =
        new ArrayList<>();
    for (PowerNode pn : inPowerNamespace(caches.powerNodes().getStore().list())) {
      String name = NodeConversion.nodeName(pn);
      out.add(
          io.powermanager.api.convert.NodeSettingsConversion.node(
              pn, name, labels.getOrDefault(name, Map.of())));
    }
    return out;
  }

  @Override
  public List<io.powermanager.domain.nodesettings.NodeSettingsRules.Other> nodeSettings() {
    return inPowerNamespace(caches.nodeSettings().getStore().list()).stream()
        .map(io.powermanager.api.convert.NodeSettingsConversion::other)
        .toList();
  }

  @Override
  public List<String> powerNodesMatching(LabelSelector selector) {
    Set<String> power = new HashSet<>();
    for (PowerNode pn : inPowerNamespace(caches.powerNodes().getStore().list())) {
      power.add(NodeConversion.nodeName(pn));
    }
    List<String> out = new ArrayList<>();
    for (Node node : caches.nodes().getStore().list()) {
      if (node.getMetadata() != null
          && power.contains(node.getMetadata().getName())
          && selector.matches(node.getMetadata().getLabels())) {
        out.add(node.getMetadata().getName());
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public List<UncoreRules.OtherUncore> uncores() {
    return inPowerNamespace(caches.uncores().getStore().list()).stream()
        .map(UncoreConversion::other)
        .toList();
  }

  @Override
  public Optional<String> sharedWorkloadOn(String node, String exceptWorkload) {
    return inPowerNamespace(caches.workloads().getStore().list()).stream()
        .map(WorkloadConversion::view)
        .filter(WorkloadView::allCores)
        .filter(w -> !Objects.equals(w.metadataName(), exceptWorkload))
        .filter(w -> !w.powerNodeSelector().isEmpty())
        .filter(w -> nodesMatching(w.powerNodeSelector()).contains(node))
        .map(WorkloadView::metadataName)
        .sorted()
        .findFirst();
  }

  @Override
  public List<String> customDevices() {
    return ConfigConversion.customDevices(inPowerNamespace(caches.configs().getStore().list()));
  }

  @Override
  public Optional<String> powerConfigOtherThan(String exceptName) {
    return inPowerNamespace(caches.configs().getStore().list()).stream()
        .map(PowerConfig::getMetadata)
        .map(m -> m.getName())
        .filter(n -> !n.equals(exceptName))
        .sorted()
        .findFirst();
  }

  /**
   * Pods (not finished) requesting the profile, then PowerWorkloads naming it; a base profile is
   * also used by the users of its per-node extended profiles (labelled {@link
   * PowerLabels#BASE_PROFILE}), which are deleted with it.
   */
  @Override
  public List<String> usersOf(String profile) {
    Set<String> names = new HashSet<>();
    names.add(profile);
    for (var p : inPowerNamespace(caches.profiles().getStore().list())) {
      Map<String, String> labels = p.getMetadata().getLabels();
      if (labels != null && profile.equals(labels.get(PowerLabels.BASE_PROFILE))) {
        names.add(p.getMetadata().getName());
      }
    }
    Set<String> resources = new HashSet<>();
    names.forEach(n -> resources.add(PowerNames.resourceName(n)));
    TreeSet<String> pods = new TreeSet<>();
    for (Pod pod : caches.pods().getStore().list()) {
      if (finished(pod) || pod.getSpec() == null) {
        continue;
      }
      if (uses(pod.getSpec().getContainers(), resources)
          || uses(pod.getSpec().getInitContainers(), resources)) {
        pods.add("pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
      }
    }
    TreeSet<String> workloads = new TreeSet<>();
    for (PowerWorkload w : inPowerNamespace(caches.workloads().getStore().list())) {
      if (w.getSpec() != null && names.contains(w.getSpec().getPowerProfile())) {
        workloads.add("PowerWorkload " + w.getMetadata().getName());
      }
    }
    List<String> out = new ArrayList<>(pods);
    out.addAll(workloads);
    return out;
  }

  @Override
  public List<Frequency> powerNodeMaxima() {
    return hardwareBounds().maxima();
  }

  @Override
  public List<Frequency> powerNodeMinima() {
    return hardwareBounds().minima();
  }

  @Override
  public List<List<HardwareRange>> powerNodeCoreTypes() {
    return hardwareBounds().coreTypes();
  }

  /** Recomputed in one pass over the PowerNodes only after a PowerNode event. */
  private HardwareBounds hardwareBounds() {
    HardwareBounds current = bounds;
    long generation = powerNodeGeneration.get();
    if (current.generation() == generation) {
      return current;
    }
    TreeSet<Frequency> maxima = new TreeSet<>();
    TreeSet<Frequency> minima = new TreeSet<>();
    List<List<HardwareRange>> coreTypes = new ArrayList<>();
    for (PowerNode node : inPowerNamespace(caches.powerNodes().getStore().list())) {
      List<HardwareRange> types = NodeConversion.coreTypeRanges(node);
      if (!types.isEmpty()) {
        coreTypes.add(List.copyOf(types));
      }
      NodeConversion.maxFrequency(node).ifPresent(maxima::add);
      NodeConversion.minFrequency(node).ifPresent(minima::add);
    }
    HardwareBounds next =
        new HardwareBounds(
            generation, List.copyOf(maxima), List.copyOf(minima), List.copyOf(coreTypes));
    bounds = next;
    return next;
  }

  private String key(String name) {
    return powerNamespace + "/" + name;
  }

  private <T extends HasMetadata> List<T> inPowerNamespace(List<T> objects) {
    List<T> out = new ArrayList<>(objects.size());
    for (T o : objects) {
      if (o.getMetadata() != null && powerNamespace.equals(o.getMetadata().getNamespace())) {
        out.add(o);
      }
    }
    return out;
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  private static boolean uses(List<Container> containers, Set<String> resources) {
    if (containers == null) {
      return false;
    }
    for (Container c : containers) {
      for (String resource : PodRules.powerResources(PodConversion.container(c))) {
        if (resources.contains(resource)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Each Node's labels, by name (empty for a Node without labels). */
  private Map<String, Map<String, String>> nodeLabels() {
    Map<String, Map<String, String>> labels = new java.util.HashMap<>();
    for (Node node : caches.nodes().getStore().list()) {
      labels.put(
          node.getMetadata().getName(),
          node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels());
    }
    return labels;
  }
}
