package io.powermanager.simulator.tuning;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.testkit.kubelet.AdmittedContainer;
import io.powermanager.testkit.kubelet.AdmittedPod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures time to tuned cores from the outside: the scheduler and the kubelets report when they
 * saw, bound and started a pod; once a kubelet has given a power pod its exclusive CPUs, the
 * tracker resolves what its profile means on that node ({@link ProfileTargets}) and checks the
 * emulated sysfs after every accepted write on that node (the node's write listener calls {@link
 * #written(String)}). The pod is tuned at the first write after which every one of its exclusive
 * CPUs reads back at its profile's window and EPP. Thread-safe; keeps the latest {@value #KEEP}
 * pods.
 */
public final class TuneTracker {

  private static final Logger LOGGER = LoggerFactory.getLogger(TuneTracker.class);
  static final int KEEP = 10_000;
  private static final java.util.regex.Pattern CPU_PATH =
      java.util.regex.Pattern.compile("cpu(\\d+)/|cpufreq/policy(\\d+)/");

  private static final class Entry {
    final String uid;
    String namespace;
    String name;
    OptionalLong created = OptionalLong.empty();
    OptionalLong seen = OptionalLong.empty();
    OptionalLong bound = OptionalLong.empty();
    String node;
    OptionalLong running = OptionalLong.empty();
    OptionalLong tuned = OptionalLong.empty();
    Map<CpuSet, CpuTarget> targets = Map.of();
    boolean expecting;
    final CompletableFuture<PodTimeline> done = new CompletableFuture<>();

    Entry(String uid) {
      this.uid = uid;
    }

    PodTimeline snapshot() {
      return new PodTimeline(
          namespace, name, uid, created, seen, bound, node, running, tuned, targets);
    }
  }

  private final Map<String, SimulatedNode> nodes;
  private final Supplier<List<PowerProfile>> profiles;
  private final Map<String, Entry> byUid =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > KEEP;
        }
      };
  private final Map<String, List<Entry>> expectedByNode = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Long>> lastWrite = new ConcurrentHashMap<>();

  /**
   * @param nodes the simulated nodes by name
   * @param profiles the PowerProfiles of the power namespace (an informer's cache)
   */
  public TuneTracker(Map<String, SimulatedNode> nodes, Supplier<List<PowerProfile>> profiles) {
    this.nodes = Map.copyOf(nodes);
    this.profiles = profiles;
  }

  /** The pod's creation request was sent at {@code nanos}. */
  public void created(String namespace, String name, String uid, long nanos) {
    synchronized (byUid) {
      Entry e = entry(uid, namespace, name);
      e.created = OptionalLong.of(nanos);
    }
  }

  /** A component saw the pod for the first time (only the first call counts). */
  public void seen(Pod pod, long nanos) {
    synchronized (byUid) {
      Entry e = entry(uid(pod), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      if (e.seen.isEmpty()) {
        e.seen = OptionalLong.of(nanos);
      }
    }
  }

  /** The pod's binding to {@code node} was stored. */
  public void bound(Pod pod, String node, long nanos) {
    synchronized (byUid) {
      Entry e = entry(uid(pod), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      e.bound = OptionalLong.of(nanos);
      e.node = node;
    }
  }

  /**
   * The node's kubelet admitted the pod: its power containers' exclusive CPUs are watched from now
   * on (a pod already tuned by then counts from the last write to its CPUs).
   */
  public void admitted(Pod pod, String node, AdmittedPod admitted) {
    Entry e;
    synchronized (byUid) {
      e = entry(uid(pod), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      e.node = node;
      SimulatedNode simulated = nodes.get(node);
      if (simulated == null || e.expecting || e.tuned.isPresent()) {
        return;
      }
      Map<CpuSet, CpuTarget> targets = targets(pod, node, admitted, simulated);
      if (targets.isEmpty()) {
        return;
      }
      e.targets = targets;
      e.expecting = true;
    }
    expectedByNode.computeIfAbsent(node, n -> new CopyOnWriteArrayList<>()).add(e);
    check(node, OptionalLong.empty());
  }

  /** The node's kubelet reported the pod Running. */
  public void running(Pod pod, long nanos) {
    synchronized (byUid) {
      entry(uid(pod), pod.getMetadata().getNamespace(), pod.getMetadata().getName()).running =
          OptionalLong.of(nanos);
    }
  }

  /** The pod is gone: nothing more will be tuned for it. */
  public void deleted(String uid) {
    Entry e;
    synchronized (byUid) {
      e = byUid.get(uid);
    }
    if (e != null && e.node != null) {
      List<Entry> expected = expectedByNode.get(e.node);
      if (expected != null) {
        expected.remove(e);
      }
    }
  }

  /**
   * An accepted sysfs write happened on {@code node}: completes the pods now tuned there. The
   * node's {@link SimulatedNode.WriteListener}.
   */
  public void written(String node, String path) {
    long now = System.nanoTime();
    int cpu = cpuOf(path);
    if (cpu >= 0) {
      lastWrite.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(cpu, now);
    }
    check(node, OptionalLong.of(now));
  }

  /** {@code cpu12/cpufreq/...} or {@code cpufreq/policy12/...} → 12; else -1. */
  static int cpuOf(String path) {
    java.util.regex.Matcher m = CPU_PATH.matcher(path);
    return m.lookingAt() ? Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)) : -1;
  }

  private void check(String node, OptionalLong writeNanos) {
    List<Entry> expected = expectedByNode.get(node);
    if (expected == null || expected.isEmpty()) {
      return;
    }
    SimulatedNode simulated = nodes.get(node);
    for (Entry e : expected) {
      if (!reached(simulated, e.targets)) {
        continue;
      }
      long when = writeNanos.orElseGet(() -> lastWriteTo(node, e.targets));
      PodTimeline done;
      synchronized (byUid) {
        if (e.tuned.isPresent()) {
          continue;
        }
        e.tuned = OptionalLong.of(when);
        done = e.snapshot();
      }
      expected.remove(e);
      LOGGER
          .atInfo()
          .addKeyValue("pod", done.key())
          .addKeyValue("node", node)
          .addKeyValue("cpus", done.cpus())
          .log(
              "cores tuned "
                  + done.timeToTuneMillis().stream()
                      .mapToObj(ms -> String.format("%.0f ms", ms))
                      .findFirst()
                      .orElse("")
                  + " after "
                  + (done.created().isPresent() ? "the pod's creation" : "the pod was first seen"));
      e.done.complete(done);
    }
  }

  /** Completes when the pod's cores are tuned; never completes for pods that are not power pods. */
  public CompletableFuture<PodTimeline> whenTuned(String uid) {
    synchronized (byUid) {
      return entry(uid, null, null).done;
    }
  }

  /** What is known about the pod so far. */
  public Optional<PodTimeline> timeline(String uid) {
    synchronized (byUid) {
      Entry e = byUid.get(uid);
      return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }
  }

  /** The latest write to any of the CPUs (the moment they got tuned, when that was earlier). */
  private long lastWriteTo(String node, Map<CpuSet, CpuTarget> targets) {
    Map<Integer, Long> writes = lastWrite.getOrDefault(node, Map.of());
    long latest = Long.MIN_VALUE;
    for (CpuSet cpus : targets.keySet()) {
      for (int cpu : cpus) {
        Long at = writes.get(cpu);
        if (at != null && at > latest) {
          latest = at;
        }
      }
    }
    return latest == Long.MIN_VALUE ? System.nanoTime() : latest;
  }

  private Entry entry(String uid, String namespace, String name) {
    Entry e = byUid.computeIfAbsent(uid, Entry::new);
    if (namespace != null) {
      e.namespace = namespace;
    }
    if (name != null) {
      e.name = name;
    }
    return e;
  }

  private static boolean reached(SimulatedNode node, Map<CpuSet, CpuTarget> targets) {
    for (Map.Entry<CpuSet, CpuTarget> t : targets.entrySet()) {
      for (int cpu : t.getKey()) {
        if (!t.getValue().reachedBy(CpuReading.of(node.sysfs(), cpu))) {
          return false;
        }
      }
    }
    return true;
  }

  private Map<CpuSet, CpuTarget> targets(
      Pod pod, String node, AdmittedPod admitted, SimulatedNode simulated) {
    Map<CpuSet, CpuTarget> targets = new LinkedHashMap<>();
    List<PowerProfile> known = profiles.get();
    for (Container c : containers(pod)) {
      Optional<String> profile = requestedProfile(c);
      Optional<AdmittedContainer> got = admitted.container(c.getName());
      if (profile.isEmpty() || got.isEmpty() || !got.get().isExclusive()) {
        continue;
      }
      targets.putAll(
          ProfileTargets.resolve(
              profile.get(), node, known, simulated.hardware(), got.get().exclusiveCpus()));
    }
    return targets;
  }

  private static List<Container> containers(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers() == null
        ? List.of()
        : new ArrayList<>(pod.getSpec().getContainers());
  }

  /** The profile a container asks for through a {@code power.intel.com/<profile>} request. */
  static Optional<String> requestedProfile(Container c) {
    if (c.getResources() == null) {
      return Optional.empty();
    }
    Map<String, Quantity> requests = new LinkedHashMap<>();
    if (c.getResources().getLimits() != null) {
      requests.putAll(c.getResources().getLimits());
    }
    if (c.getResources().getRequests() != null) {
      requests.putAll(c.getResources().getRequests());
    }
    return requests.keySet().stream()
        .filter(PowerNames::isPowerResource)
        .sorted()
        .findFirst()
        .flatMap(PowerNames::profileOf);
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }
}
