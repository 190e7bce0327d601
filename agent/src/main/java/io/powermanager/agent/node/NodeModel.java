package io.powermanager.agent.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.CustomDevices;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.domain.tuning.ExclusiveClaim;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the node should look like, computed from the kubelet's CPUs and the API's objects: which
 * containers' CPUs run which profile, the shared profile, and every pod or object that breaks the
 * rules, with why. Pure: no I/O; recomputed from scratch on every trigger (level-triggered).
 *
 * <p>Pods are joined to the kubelet's entries by namespace and name (the PodResources API has no
 * UID); the API pod gives the UID, so a pod recreated under the same name is a different pod. When
 * the kubelet lists two pods of one name (the old one still terminating) the caller resolves them
 * with {@code Get} or passes them as ambiguous, and such a pod waits for the next recompute.
 *
 * @param nodeName this node
 * @param containers the containers whose CPUs run a profile, by pod, then container
 * @param profiles every valid profile this node's CPUs may run, by name, including extended
 *     profiles derived locally when the reconciler has not made them yet
 * @param shared the shared workload chosen for this node and its profile
 * @param sharedProblems why there is no usable shared profile, or duplicates
 * @param reservedMismatch the shared workload's {@code reservedCPUs} versus the kubelet's
 * @param podProblems pods that ask for a profile but are not tuned, with why
 * @param online the node's online CPUs
 * @param allocatable the kubelet's allocatable CPUs
 */
public record NodeModel(
    String nodeName,
    List<TunedContainer> containers,
    Map<String, PowerProfile> profiles,
    Optional<SharedChoice> shared,
    List<String> sharedProblems,
    Optional<String> reservedMismatch,
    Map<PodKey, String> podProblems,
    CpuSet online,
    CpuSet allocatable) {

  /**
   * How a pod problem starts when a container with device-plugin CPUs ({@code customDevices}) has
   * no {@code cpu_ids} from the kubelet: never guessed from device ids.
   */
  public static final String NO_CPUS_ASSIGNED = "NoCpusAssigned";

  /**
   * The node's shared workload, the shared profile it names and its reserved CPUs.
   *
   * @param listedReserved the CPUs its {@code reservedCPUs} lists (online ones): out of the Shared
   *     pool
   * @param reservedProfiles its reserved CPUs with a profile, by CPU (the resolved profile's name)
   */
  public record SharedChoice(
      String workload,
      String profile,
      List<String> ignoredWorkloads,
      CpuSet listedReserved,
      Map<Integer, String> reservedProfiles) {

    /** A choice without reserved CPUs of its own. */
    public SharedChoice(String workload, String profile, List<String> ignoredWorkloads) {
      this(workload, profile, ignoredWorkloads, CpuSet.empty(), Map.of());
    }

    public SharedChoice {
      ignoredWorkloads = List.copyOf(ignoredWorkloads);
      reservedProfiles = Map.copyOf(reservedProfiles);
    }

    /** The same choice running another shared profile (a schedule's). */
    public SharedChoice withProfile(String other) {
      return new SharedChoice(workload, other, ignoredWorkloads, listedReserved, reservedProfiles);
    }
  }

  /**
   * Everything the model is computed from.
   *
   * @param kubeletPods the kubelet's pods by {@code namespace/name}, one each
   * @param ambiguous {@code namespace/name}s the kubelet lists more than once (unresolved)
   * @param apiPods the API's pods on this node
   * @param profiles the PowerProfiles of the power namespace
   * @param workloads the PowerWorkloads of the power namespace
   * @param nodeLabels this Node's labels
   * @param customDevices the PowerConfig's {@code customDevices} (device-plugin CPUs)
   */
  public record Inputs(
      String nodeName,
      HardwareFacts hardware,
      CpuSet allocatable,
      Map<String, PodCpus> kubeletPods,
      Set<String> ambiguous,
      List<Pod> apiPods,
      List<io.powermanager.api.v1alpha1.PowerProfile> profiles,
      List<PowerWorkload> workloads,
      Map<String, String> nodeLabels,
      List<String> customDevices) {

    /** Inputs without PowerConfig {@code customDevices}. */
    public Inputs(
        String nodeName,
        HardwareFacts hardware,
        CpuSet allocatable,
        Map<String, PodCpus> kubeletPods,
        Set<String> ambiguous,
        List<Pod> apiPods,
        List<io.powermanager.api.v1alpha1.PowerProfile> profiles,
        List<PowerWorkload> workloads,
        Map<String, String> nodeLabels) {
      this(
          nodeName,
          hardware,
          allocatable,
          kubeletPods,
          ambiguous,
          apiPods,
          profiles,
          workloads,
          nodeLabels,
          List.of());
    }
  }

  public CpuSet reserved() {
    return online.minus(allocatable);
  }

  /** The claims for {@code NodePools}, in a stable order (pod, then container). */
  public List<ExclusiveClaim> claims() {
    return containers.stream()
        .map(c -> new ExclusiveClaim(c.owner(), c.cpus(), c.profile()))
        .toList();
  }

  public Optional<String> sharedProfile() {
    return shared.map(SharedChoice::profile);
  }

  /** The CPUs the shared workload lists as reserved (out of the Shared pool); none without one. */
  public CpuSet listedReserved() {
    return shared.map(SharedChoice::listedReserved).orElse(CpuSet.empty());
  }

  /** The shared workload's reserved CPUs with a profile, by CPU; none without one. */
  public Map<Integer, String> reservedProfiles() {
    return shared.map(SharedChoice::reservedProfiles).orElse(Map.of());
  }

  public Optional<PowerProfile> profile(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  /** Computes the model. */
  public static NodeModel compute(Inputs in) {
    String node = in.nodeName();
    Map<String, io.powermanager.api.v1alpha1.PowerProfile> crByName = new TreeMap<>();
    Map<String, PowerProfile> valid = new TreeMap<>();
    for (var cr : in.profiles()) {
      if (cr.getMetadata() == null || cr.getMetadata().getName() == null) {
        continue;
      }
      crByName.put(cr.getMetadata().getName(), cr);
      ProfileConversion.valid(cr).ifPresent(p -> valid.put(p.name(), p));
    }
    Map<String, PowerProfile> usable = new TreeMap<>();
    StaticCatalog.Builder known =
        StaticCatalog.builder().knowsProfiles().customDevices(in.customDevices());
    valid.values().forEach(known::profile);
    PowerCatalog catalog = known.build();
    Optional<HardwareRange> range = in.hardware().commonRange();

    List<TunedContainer> containers = new ArrayList<>();
    Map<PodKey, String> problems = new TreeMap<>(Comparator.comparing(PodKey::toString));
    List<Pod> pods = new ArrayList<>(in.apiPods());
    pods.sort(
        Comparator.comparing(
            p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
    for (Pod pod : pods) {
      if (!isLive(pod) || pod.getMetadata().getUid() == null) {
        continue;
      }
      var view = PodConversion.view(pod, null);
      if (!PodRules.requestsPower(view)) {
        continue;
      }
      PodKey key =
          new PodKey(
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              pod.getMetadata().getUid());
      RuleResult rules = PodRules.check(view, catalog);
      if (!rules.allowed()) {
        problems.put(key, "the pod breaks the power rules: " + rules.message());
        continue;
      }
      if (in.ambiguous().contains(key.nsName())) {
        problems.put(
            key,
            "the kubelet lists more than one pod named "
                + key.nsName()
                + "; waiting for the old one to go");
        continue;
      }
      PodCpus kubelet = in.kubeletPods().get(key.nsName());
      if (kubelet == null) {
        continue; // not admitted by the kubelet yet: nothing to tune, nothing wrong
      }
      List<TunedContainer> podContainers = new ArrayList<>();
      String problem = null;
      for (Container c : pod.getSpec().getContainers()) {
        TreeSet<String> resources = PodRules.powerResources(PodConversion.container(c));
        if (resources.isEmpty()) {
          continue;
        }
        String requested = PowerNames.profileOf(resources.first()).orElseThrow();
        CpuSet cpus =
            kubelet.containers().stream()
                .filter(k -> k.name().equals(c.getName()))
                .map(PodCpus.ContainerCpus::cpus)
                .findFirst()
                .orElse(CpuSet.empty());
        if (cpus.isEmpty()) {
          problem =
              CustomDevices.units(PodConversion.container(c), in.customDevices()).isPresent()
                  ? NO_CPUS_ASSIGNED
                      + ": container "
                      + c.getName()
                      + " has device-plugin CPUs but the kubelet lists no cpu_ids for it"
                  : "container "
                      + c.getName()
                      + " has no exclusive CPUs from the kubelet (is the CPU manager policy static"
                      + " and the pod Guaranteed with integer CPUs?)";
          break;
        }
        Optional<Resolved> resolved = resolve(requested, node, crByName, valid, range);
        if (resolved.isEmpty()) {
          problem = "power profile \"" + requested + "\" cannot be resolved on node " + node;
          break;
        }
        usable.put(resolved.get().profile().name(), resolved.get().profile());
        podContainers.add(
            new TunedContainer(
                key,
                c.getName(),
                containerId(pod, c.getName(), key.uid()),
                cpus,
                requested,
                resolved.get().profile().name(),
                PowerNames.workloadName(resolved.get().workloadBase(), node)));
      }
      if (problem != null) {
        problems.put(key, problem);
      } else {
        containers.addAll(podContainers);
      }
    }

    CpuSet online = in.hardware().online();
    CpuSet reserved = online.minus(in.allocatable());
    List<String> sharedProblems = new ArrayList<>();
    Optional<SharedChoice> shared = Optional.empty();
    Optional<String> reservedMismatch = Optional.empty();
    List<PowerWorkload> sharedWorkloads =
        in.workloads().stream()
            .filter(w -> w.getSpec() != null && Boolean.TRUE.equals(w.getSpec().getAllCores()))
            .filter(w -> selects(w.getSpec().getPowerNodeSelector(), in.nodeLabels()))
            .sorted(OLDEST_FIRST)
            .toList();
    if (!sharedWorkloads.isEmpty()) {
      PowerWorkload chosen = sharedWorkloads.get(0);
      String name = chosen.getMetadata().getName();
      List<String> ignored =
          sharedWorkloads.stream().skip(1).map(w -> w.getMetadata().getName()).toList();
      if (!ignored.isEmpty()) {
        sharedProblems.add(
            "shared workloads "
                + ignored
                + " also select node "
                + node
                + "; only "
                + name
                + " (the oldest) is applied");
      }
      List<Integer> declared = chosen.getSpec().getReservedCPUs();
      CpuSet listed =
          declared == null
              ? CpuSet.empty()
              : CpuSet.of(declared.stream().filter(Objects::nonNull).toList()).intersect(online);
      Map<Integer, String> reservedProfiles = new TreeMap<>();
      for (var group :
          Objects.requireNonNullElse(
              chosen.getSpec().getReservedCPUGroups(),
              List.<io.powermanager.api.v1alpha1.ReservedCpuGroup>of())) {
        if (group == null || group.getPowerProfile() == null || group.getCores() == null) {
          continue;
        }
        Optional<Resolved> groupProfile =
            resolve(group.getPowerProfile(), node, crByName, valid, range)
                .filter(r -> !r.profile().isShared());
        if (groupProfile.isEmpty()) {
          sharedProblems.add(
              "shared workload "
                  + name
                  + " gives reserved CPUs "
                  + group.getCores()
                  + " power profile \""
                  + group.getPowerProfile()
                  + "\", which cannot be resolved on node "
                  + node
                  + " or is a shared one; they are left as they are");
          continue;
        }
        usable.put(groupProfile.get().profile().name(), groupProfile.get().profile());
        for (Integer cpu : group.getCores()) {
          if (cpu != null && online.contains(cpu)) {
            reservedProfiles.putIfAbsent(cpu, groupProfile.get().profile().name());
          }
        }
      }
      String profileName = chosen.getSpec().getPowerProfile();
      PowerProfile profile = profileName == null ? null : valid.get(profileName);
      if (profile == null) {
        sharedProblems.add(
            "shared workload "
                + name
                + " names power profile \""
                + profileName
                + "\", which does not exist or is invalid");
      } else if (!profile.isShared()) {
        sharedProblems.add(
            "shared workload "
                + name
                + " names power profile \""
                + profileName
                + "\", which is not a shared profile");
      } else {
        usable.put(profile.name(), profile);
        shared =
            Optional.of(new SharedChoice(name, profile.name(), ignored, listed, reservedProfiles));
      }
      if (declared != null && !declared.isEmpty()) {
        reservedMismatch = reservedDifference(name, listed, reserved, online, in.allocatable());
      }
    }
    return new NodeModel(
        node,
        List.copyOf(containers),
        java.util.Collections.unmodifiableMap(usable),
        shared,
        List.copyOf(sharedProblems),
        reservedMismatch,
        java.util.Collections.unmodifiableMap(problems),
        online,
        in.allocatable());
  }

  /** Shared workloads by age: creationTimestamp (RFC 3339, so text order), then name. */
  private static final Comparator<PowerWorkload> OLDEST_FIRST =
      Comparator.comparing(
              (PowerWorkload w) ->
                  Objects.requireNonNullElse(w.getMetadata().getCreationTimestamp(), "~"))
          .thenComparing(w -> w.getMetadata().getName());

  /**
   * The difference between the CPUs a shared workload lists as reserved and the kubelet's, as
   * information: listed CPUs stay out of the Shared pool (Default, or a pod's while the kubelet
   * gives it one); kubelet-reserved CPUs are never Shared, listed or not.
   */
  private static Optional<String> reservedDifference(
      String workload, CpuSet listed, CpuSet reserved, CpuSet online, CpuSet allocatable) {
    if (listed.equals(reserved)) {
      return Optional.empty();
    }
    CpuSet onlyListed = listed.minus(reserved);
    CpuSet onlyKubelet = reserved.minus(listed);
    StringBuilder out =
        new StringBuilder("shared workload ")
            .append(workload)
            .append(" lists reservedCPUs ")
            .append(listed.isEmpty() ? "none online" : listed.toString())
            .append("; the kubelet reserves ")
            .append(reserved.isEmpty() ? "none" : reserved.toString())
            .append(" (online ")
            .append(online)
            .append(" minus allocatable ")
            .append(allocatable)
            .append(")");
    if (!onlyListed.isEmpty()) {
      out.append("; ")
          .append(onlyListed)
          .append(
              " stay out of the Shared pool, except while the kubelet gives one to an"
                  + " exclusive pod");
    }
    if (!onlyKubelet.isEmpty()) {
      out.append("; ").append(onlyKubelet).append(" are the kubelet's and never Shared");
    }
    return Optional.of(out.toString());
  }

  /** A pod that holds CPUs: not finished and not deleted. */
  static boolean isLive(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private record Resolved(PowerProfile profile, String workloadBase) {}

  /**
   * The profile a request runs on this node: the extended profile {@code <base>-<node>} (found by
   * labels) for a base profile, derived locally with the reconciler's formula when it does not
   * exist yet; the named profile itself otherwise.
   */
  private static Optional<Resolved> resolve(
      String requested,
      String node,
      Map<String, io.powermanager.api.v1alpha1.PowerProfile> crs,
      Map<String, PowerProfile> valid,
      Optional<HardwareRange> range) {
    Optional<BaseProfile> kind = BaseProfile.byName(requested);
    if (kind.isPresent()) {
      Optional<PowerProfile> extended =
          crs.values().stream()
              .filter(cr -> labels(cr).get(PowerLabels.BASE_PROFILE) != null)
              .filter(cr -> requested.equals(labels(cr).get(PowerLabels.BASE_PROFILE)))
              .filter(cr -> node.equals(labels(cr).get(PowerLabels.NODE)))
              .map(cr -> valid.get(cr.getMetadata().getName()))
              .filter(Objects::nonNull)
              .findFirst();
      if (extended.isPresent()) {
        return Optional.of(new Resolved(extended.get(), requested));
      }
      PowerProfile base = valid.get(requested);
      if (base == null || range.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Resolved(ExtendedProfiles.derive(base, kind.get(), node, range.get()), requested));
    }
    PowerProfile profile = valid.get(requested);
    if (profile == null) {
      return Optional.empty();
    }
    var cr = crs.get(requested);
    String base = cr == null ? null : labels(cr).get(PowerLabels.BASE_PROFILE);
    return Optional.of(
        new Resolved(
            profile,
            base != null && node.equals(labels(cr).get(PowerLabels.NODE)) ? base : requested));
  }

  private static Map<String, String> labels(io.powermanager.api.v1alpha1.PowerProfile cr) {
    Map<String, String> labels = cr.getMetadata() == null ? null : cr.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** The runtime id without its scheme, or sha256(uid/name) when the status has none. */
  static String containerId(Pod pod, String container, String uid) {
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (container.equals(s.getName())
            && s.getContainerID() != null
            && !s.getContainerID().isBlank()) {
          String id = s.getContainerID();
          int scheme = id.indexOf("://");
          return scheme >= 0 ? id.substring(scheme + 3) : id;
        }
      }
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((uid + "/" + container).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Containers grouped by workload name, sorted. */
  public Map<String, List<TunedContainer>> byWorkload() {
    Map<String, List<TunedContainer>> out = new TreeMap<>();
    for (TunedContainer c : containers) {
      out.computeIfAbsent(c.workload(), w -> new ArrayList<>()).add(c);
    }
    return out;
  }

  /** Containers grouped by pod, in pod order. */
  public Map<PodKey, List<TunedContainer>> byPod() {
    Map<PodKey, List<TunedContainer>> out = new LinkedHashMap<>();
    for (TunedContainer c : containers) {
      out.computeIfAbsent(c.pod(), p -> new ArrayList<>()).add(c);
    }
    return out;
  }
}
