package io.powermanager.bench.extender;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.bench.BenchObjects;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.extender.http.ExtenderRoutes;
import io.powermanager.extender.http.ExtenderServer;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.ExtenderJson;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code power-manager bench extender}: builds the capacity view in-process for a large cluster by
 * feeding it the same event methods the informers call, serves it over real HTTP on loopback, and
 * measures filter and prioritize latency as kube-scheduler would see it (one request at a time on a
 * keep-alive connection). Prints a table and returns the numbers. Deterministic data (fixed seed);
 * bounded in requests and time; talks only to 127.0.0.1.
 */
public final class ExtenderBench {

  private static final String PROFILE = BaseProfile.PERFORMANCE.profileName();
  private static final String FILTER = "/" + ExtenderRoutes.FILTER_VERB;
  private static final String PRIORITIZE = "/" + ExtenderRoutes.PRIORITIZE_VERB;
  private static final List<String> PROFILES =
      Arrays.stream(BaseProfile.values()).map(BaseProfile::profileName).toList();

  private ExtenderBench() {}

  /**
   * @param nodes nodes in the cluster, each with a power agent (1 % silent, 1 % without one)
   * @param pods pods in the cluster, all bound to nodes
   * @param powerPods how many of {@code pods} request a power profile (1 to 4 CPUs)
   * @param largeRequestNames candidate names in the large request (kube-scheduler sends at most
   *     every feasible node)
   * @param smallRequestNames candidate names in the small request
   * @param warmupRequests requests per call kind before measuring, to let the JIT compile
   * @param measuredRequests requests per call kind that are measured
   * @param policy the score policy
   */
  public record Options(
      int nodes,
      int pods,
      int powerPods,
      int largeRequestNames,
      int smallRequestNames,
      int warmupRequests,
      int measuredRequests,
      ScorePolicy policy) {

    public Options {
      if (nodes <= 0 || pods < 0 || powerPods < 0 || powerPods > pods) {
        throw new IllegalArgumentException(
            "nodes " + nodes + ", pods " + pods + ", powerPods " + powerPods + " are inconsistent");
      }
      if (largeRequestNames > nodes || smallRequestNames > nodes || smallRequestNames < 2) {
        throw new IllegalArgumentException(
            "request sizes "
                + largeRequestNames
                + " and "
                + smallRequestNames
                + " must be between 2 and the "
                + nodes
                + " nodes");
      }
      if (warmupRequests < 0 || measuredRequests <= 0) {
        throw new IllegalArgumentException(
            "warmupRequests " + warmupRequests + " / measuredRequests " + measuredRequests);
      }
    }

    /** The figures: 5,000 nodes, 150,000 pods (20,000 power pods), 5,000 and 500 names. */
    public static Options defaults() {
      return new Options(5_000, 150_000, 20_000, 5_000, 500, 3_000, 2_000, ScorePolicy.SPREAD);
    }
  }

  /** Latency of one kind of call, in milliseconds, over {@code requests} measured requests. */
  public record Latency(
      String call,
      int names,
      int podsCached,
      int requests,
      double p50Millis,
      double p99Millis,
      double maxMillis) {}

  /**
   * @param eventsPerSecond informer events (pod adds, updates, deletes) the view applied per second
   *     on one thread
   * @param heapUsedBytes heap used after a full GC, holding the view and, as the informers would,
   *     the Nodes, PowerNodes and power pods
   * @param firstFilterMillis the very first filter request, before any warm-up
   * @param latencies filter and prioritize with the large and the small request and every pod
   *     cached, then filter with the large request measured before any pod was cached (to show the
   *     cost does not grow with the pods)
   */
  public record Result(
      Options options,
      int chargedPods,
      long events,
      double eventsPerSecond,
      long heapUsedBytes,
      double firstFilterMillis,
      List<Latency> latencies) {

    /** The goal: p99 ≤ 5 ms for filter and prioritize with the large request. */
    public boolean meetsGoal() {
      return latencies.stream()
          .filter(l -> l.names() == options.largeRequestNames() && l.podsCached() > 0)
          .allMatch(l -> l.p99Millis() <= 5.0);
    }
  }

  /** Runs with {@link Options#defaults()}. */
  public static Result run(PrintStream out) {
    return run(out, Options.defaults());
  }

  public static Result run(PrintStream out, Options options) {
    Random random = new Random(42);
    Instant now = Instant.now();
    CapacityView view = new CapacityView(Clock.systemUTC());

    out.printf(
        Locale.ROOT,
        "power-manager bench extender: %,d nodes, %,d pods (%,d request power profiles),"
            + " policy %s%n",
        options.nodes(),
        options.pods(),
        options.powerPods(),
        options.policy());
    out.printf(Locale.ROOT, "%s%n", environment());

    // The informer stores' contents: Nodes, PowerNodes and labelled (power) pods.
    List<Node> nodes = new ArrayList<>(options.nodes());
    List<PowerNode> agents = new ArrayList<>(options.nodes());
    List<String> names = new ArrayList<>(options.nodes());
    for (int i = 0; i < options.nodes(); i++) {
      String name = String.format(Locale.ROOT, "worker-%05d", i);
      names.add(name);
      nodes.add(node(name, 32 + 8 * (i % 5)));
      if (i % 100 != 7) { // 1 % of nodes have no agent
        Instant beat = i % 100 == 3 ? now.minusSeconds(300) : now; // 1 % silent
        agents.add(agent(name, beat));
      }
    }
    nodes.forEach(view::nodeChanged);
    agents.forEach(view::powerNodeChanged);

    PrometheusRegistry registry = new PrometheusRegistry();
    ExtenderConfig config =
        ExtenderConfig.defaults("bench")
            .withHost("127.0.0.1")
            .withPort(0)
            .withPolicy(options.policy());
    List<Pod> powerPods = new ArrayList<>(options.powerPods());
    Result result;
    try (ExtenderServer server =
            ExtenderServer.serve(
                config, ExtenderRoutes.create(view, config, registry), registry, Optional.empty());
        KeepAliveClient client = new KeepAliveClient("127.0.0.1", server.port())) {
      Pod scheduling = powerPod("scheduling", PROFILE, 2, null);
      List<byte[]> large = bodies(scheduling, names, options.largeRequestNames(), random);
      List<byte[]> small = bodies(scheduling, names, options.smallRequestNames(), random);

      long t0 = System.nanoTime();
      client.post(FILTER, large.get(0));
      double first = (System.nanoTime() - t0) / 1e6;
      for (int i = 0; i < options.warmupRequests(); i++) {
        client.post(FILTER, large.get(i % large.size()));
        client.post(PRIORITIZE, large.get(i % large.size()));
        client.post(FILTER, small.get(i % small.size()));
        client.post(PRIORITIZE, small.get(i % small.size()));
      }
      Latency beforePods = measure("filter", 0, client, FILTER, large, options);

      // Pods: generated and fed in one pass; only the power pods stay referenced, as only they
      // match the pod informer's label selector.
      long events = 0;
      long feedNanos = 0;
      int powerEvery =
          options.powerPods() == 0 ? Integer.MAX_VALUE : options.pods() / options.powerPods();
      for (int i = 0; i < options.pods(); i++) {
        boolean power = powerPods.size() < options.powerPods() && i % powerEvery == 0;
        String node = names.get(random.nextInt(names.size()));
        Pod pod =
            power
                ? powerPod(
                    "power-" + i, PROFILES.get(i % PROFILES.size()), 1 + random.nextInt(4), node)
                : plainPod("app-" + i, node);
        long e0 = System.nanoTime();
        view.podChanged(pod);
        feedNanos += System.nanoTime() - e0;
        events++;
        if (power) {
          powerPods.add(pod);
        }
      }
      // Churn: a tenth of the power pods finish (update) and are deleted, then come back.
      int churn = powerPods.size() / 10;
      for (int i = 0; i < churn; i++) {
        Pod pod = powerPods.get(i);
        Pod done = new PodBuilder(pod).editStatus().withPhase("Succeeded").endStatus().build();
        long e0 = System.nanoTime();
        view.podChanged(done);
        view.podDeleted(done);
        view.podChanged(pod);
        feedNanos += System.nanoTime() - e0;
        events += 3;
      }
      double eventsPerSecond = events / (feedNanos / 1e9);
      out.printf(
          Locale.ROOT,
          "events applied: %,d in %.2f s = %,.0f events/s on one thread"
              + " (%,d pod adds, then %,d finish, delete, re-add)%n",
          events,
          feedNanos / 1e9,
          eventsPerSecond,
          options.pods(),
          churn);

      for (int i = 0; i < options.warmupRequests() / 4; i++) {
        client.post(FILTER, large.get(i % large.size()));
      }
      List<Latency> latencies =
          List.of(
              measure("filter", options.pods(), client, FILTER, large, options),
              measure("prioritize", options.pods(), client, PRIORITIZE, large, options),
              measure("filter", options.pods(), client, FILTER, small, options),
              measure("prioritize", options.pods(), client, PRIORITIZE, small, options),
              beforePods);
      long heap = heapAfterGc();
      result =
          new Result(
              options, view.chargedPodCount(), events, eventsPerSecond, heap, first, latencies);
    }
    // The informer-like stores must stay reachable until the heap was measured.
    Reference.reachabilityFence(nodes);
    Reference.reachabilityFence(agents);
    Reference.reachabilityFence(powerPods);
    print(out, result);
    return result;
  }

  private static Latency measure(
      String call,
      int podsCached,
      KeepAliveClient client,
      String path,
      List<byte[]> bodies,
      Options options) {
    long[] nanos = new long[options.measuredRequests()];
    for (int i = 0; i < nanos.length; i++) {
      byte[] body = bodies.get(i % bodies.size());
      long t0 = System.nanoTime();
      client.post(path, body);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    int names = namesIn(bodies.get(0));
    return new Latency(
        call,
        names,
        podsCached,
        nanos.length,
        percentile(nanos, 0.50),
        percentile(nanos, 0.99),
        nanos[nanos.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Eight request bodies with different random candidate sets, as kube-scheduler encodes them. */
  private static List<byte[]> bodies(Pod pod, List<String> names, int size, Random random) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      List<String> shuffled = new ArrayList<>(names);
      Collections.shuffle(shuffled, random);
      out.add(
          ExtenderJson.mapper()
              .writeValueAsBytes(
                  ExtenderArgs.ofNames(pod, List.copyOf(shuffled.subList(0, size)))));
    }
    return out;
  }

  private static int namesIn(byte[] body) {
    return ExtenderJson.mapper().readTree(body).path("NodeNames").size();
  }

  /** Java version, GC, cores and the load average, which explain most of the spread in p99. */
  static String environment() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    String gcs =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(java.lang.management.GarbageCollectorMXBean::getName)
            .reduce((a, b) -> a + ", " + b)
            .orElse("?");
    return String.format(
        Locale.ROOT,
        "Java %s, %d cores, GC %s, max heap %,d MiB, system load average %.2f",
        Runtime.version(),
        os.getAvailableProcessors(),
        gcs,
        Runtime.getRuntime().maxMemory() >> 20,
        os.getSystemLoadAverage());
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void print(PrintStream out, Result r) {
    out.printf(
        Locale.ROOT,
        "power pods charged to nodes: %,d; heap used after GC: %,d MiB (view + Nodes, PowerNodes"
            + " and power pods held as informer stores would)%n",
        r.chargedPods(),
        r.heapUsedBytes() >> 20);
    out.printf(Locale.ROOT, "first filter request (cold): %.1f ms%n", r.firstFilterMillis());
    out.printf(
        Locale.ROOT,
        "%-11s %6s %12s %9s %8s %8s %8s%n",
        "call",
        "names",
        "pods cached",
        "requests",
        "p50 ms",
        "p99 ms",
        "max ms");
    for (Latency l : r.latencies()) {
      out.printf(
          Locale.ROOT,
          "%-11s %,6d %,12d %,9d %8.2f %8.2f %8.2f%n",
          l.call(),
          l.names(),
          l.podsCached(),
          l.requests(),
          l.p50Millis(),
          l.p99Millis(),
          l.maxMillis());
    }
    out.printf(
        Locale.ROOT,
        "goal p99 <= 5 ms with %,d names: %s%n",
        r.options().largeRequestNames(),
        r.meetsGoal() ? "met" : "MISSED");
  }

  // ---- cluster objects -----------------------------------------------------------------------

  private static Node node(String name, int cpusPerProfile) {
    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    allocatable.put("cpu", new Quantity(String.valueOf(cpusPerProfile * 2)));
    allocatable.put("ephemeral-storage", new Quantity("514937088Ki"));
    allocatable.put("hugepages-1Gi", new Quantity("0"));
    allocatable.put("hugepages-2Mi", new Quantity("0"));
    allocatable.put("memory", new Quantity("263842416Ki"));
    allocatable.put("pods", new Quantity("110"));
    for (String p : PROFILES) {
      allocatable.put(PowerNames.resourceName(p), new Quantity(String.valueOf(cpusPerProfile)));
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString())
        .withResourceVersion("1")
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("feature.node.kubernetes.io/power-node", "true")
        .endMetadata()
        .withNewSpec()
        .withPodCIDR("10.244.0.0/24")
        .endSpec()
        .withNewStatus()
        .withCapacity(allocatable)
        .withAllocatable(allocatable)
        .withConditions(
            new NodeConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .withMessage("kubelet is posting ready status")
                .build())
        .endStatus()
        .build();
  }

  private static PowerNode agent(String node, Instant beat) {
    PowerNode pn = new PowerNode();
    pn.getMetadata().setName(node);
    pn.getMetadata().setNamespace("bench");
    pn.setSpec(new PowerNodeSpec());
    pn.getSpec().setNodeName(node);
    pn.setStatus(new PowerNodeStatus());
    pn.getStatus().setHeartbeat(beat.toString());
    pn.getStatus().setAllocatableCPUs("2-63");
    pn.getStatus().setReservedCPUs("0-1");
    return pn;
  }

  private static Pod powerPod(String name, String profile, int cpus, String node) {
    Quantity n = new Quantity(String.valueOf(cpus));
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", n);
    resources.put("memory", new Quantity("1Gi"));
    resources.put(PowerNames.resourceName(profile), n);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels("app", name)
        .addToLabels(PowerLabels.PROFILE, profile)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withContainers(BenchObjects.guaranteedApp(resources))
        .endSpec()
        .withNewStatus()
        .withPhase(node == null ? "Pending" : "Running")
        .withQosClass("Guaranteed")
        .endStatus()
        .build();
  }

  private static Pod plainPod(String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewResources()
        .addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
