package io.powermanager.bench.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.apiserver.DaemonThreads;
import io.powermanager.bench.BenchObjects;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.simulator.SimulatedCluster;
import io.powermanager.simulator.SimulatorOptions;
import io.powermanager.simulator.tuning.PodTimeline;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark behind {@code power-manager bench e2e}, on a {@link SimulatedCluster}:
 *
 * <ol>
 *   <li><b>Time to tune</b>: the seed's setup (PowerConfig, shared profile, a shared workload per
 *       node), then pods like the seed's example (2 CPUs of {@code performance}, Guaranteed)
 *       created at a steady pace through the API server — admission webhooks, scheduler with the
 *       extender over HTTPS, binding, the node's kubelet (static CPU manager, PodResources over
 *       gRPC), the node's agent writing sysfs — and deleted a moment after their cores are tuned.
 *       Per pod: from the create request to the sysfs write after which every one of its CPUs reads
 *       back at the profile's values (observed outside the agent, {@link
 *       io.powermanager.simulator.tuning.TuneTracker}). The pace never puts more pods on the nodes
 *       than their {@code performance} capacity leaves room for, so no pod waits for a slot.
 *   <li><b>Startup at scale</b>: in a child JVM with the flags {@code ./power-manager simulate}
 *       uses ({@link #CHILD_JVM_FLAGS}), a simulation of many nodes is started, a PowerConfig
 *       applied, and the time measured until every node's agent has its PowerNode Ready and the
 *       node advertises {@code power.intel.com/performance}; then the child's VmRSS — everything in
 *       that one process: API server and its store, manager, one agent and one emulated kubelet per
 *       node.
 * </ol>
 */
public final class E2eBench {

  /** The goal: p99 from pod creation to tuned cores. */
  public static final double GOAL_P99_MILLIS = 1000;

  /** The flags {@code ./power-manager simulate} runs with (its class-data archive aside). */
  public static final List<String> CHILD_JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final String PROFILE = "performance";
  private static final Duration WAIT = Duration.ofSeconds(120);

  /**
   * @param pods measured pods
   * @param warmup pods before measuring
   * @param nodes nodes of the time-to-tune run
   * @param hardware their CPUs
   * @param podCpus CPUs (and performance units) per pod
   * @param podsPerSecond creation pace
   * @param hold how long a pod lives once its cores are tuned
   * @param startupNodes nodes of the startup run; 0 skips it
   * @param scratch where sysfs trees, sockets and state go (tmpfs is best)
   */
  public record Options(
      int pods,
      int warmup,
      int nodes,
      HardwareModel hardware,
      int podCpus,
      double podsPerSecond,
      Duration hold,
      int startupNodes,
      Path scratch) {

    public Options {
      if (pods < 1 || warmup < 0 || nodes < 1 || podCpus < 1 || !(podsPerSecond > 0)) {
        throw new IllegalArgumentException(
            "pods, nodes, podCpus and podsPerSecond must be positive, warmup not negative");
      }
      SimulatorOptions.checkHardware(hardware);
    }

    /**
     * The run: 200 pods on 4 nodes of 16 CPUs (14 allocatable, so 5 {@code performance}
     * CPUs each: 2 pods of 2 CPUs at once, one of them kept free), 5 pods/s, each deleted 0.5 s
     * after it is tuned; then 50 nodes of {@code small}.
     */
    public static Options defaults() {
      Path scratch = BenchObjects.scratchDirectory();
      return new Options(
          200, 20, 4, HardwareModel.generic(16), 2, 5, Duration.ofMillis(500), 50, scratch);
    }

    public Options withPods(int n) {
      return new Options(
          n, warmup, nodes, hardware, podCpus, podsPerSecond, hold, startupNodes, scratch);
    }

    public Options withNodes(int n) {
      return new Options(
          pods, warmup, n, hardware, podCpus, podsPerSecond, hold, startupNodes, scratch);
    }

    public Options withStartupNodes(int n) {
      return new Options(pods, warmup, nodes, hardware, podCpus, podsPerSecond, hold, n, scratch);
    }

    public Options withRate(double perSecond) {
      return new Options(
          pods, warmup, nodes, hardware, podCpus, perSecond, hold, startupNodes, scratch);
    }
  }

  /**
   * One phase's latency over the measured pods, in milliseconds from the create request.
   *
   * @param phase {@code bound}, {@code Running} or {@code tuned}
   */
  public record Latency(String phase, int pods, double p50, double p99, double max) {}

  /**
   * Startup of the large simulation.
   *
   * @param nodes simulated nodes
   * @param clusterMillis from the start call to the cluster ready for {@code kubectl apply}
   * @param agentsMillis from the PowerConfig's creation to every PowerNode Ready and every node
   *     advertising {@code power.intel.com/performance}
   * @param rssKib the child JVM's VmRSS then
   * @param hwmKib its VmHWM (peak RSS)
   * @param heapUsedKib its heap in use after a full GC
   * @param threads its live threads
   */
  public record Startup(
      int nodes,
      long clusterMillis,
      long agentsMillis,
      long rssKib,
      long hwmKib,
      long heapUsedKib,
      int threads) {}

  /** The numbers. */
  public record Result(
      List<Latency> latencies,
      int notTuned,
      int failedScheduling,
      double achievedPodsPerSecond,
      Optional<Startup> startup) {

    public boolean meetsGoal() {
      return notTuned == 0
          && latencies.stream()
              .filter(l -> l.phase().equals("tuned"))
              .allMatch(l -> l.p99() <= GOAL_P99_MILLIS);
    }
  }

  private E2eBench() {}

  /** Runs both parts, prints tables to {@code out} and returns the numbers. */
  public static Result run(PrintStream out, Options options) throws Exception {
    out.printf(
        "end-to-end benchmark: %d pods (after %d warm-up) of %d %s CPUs on %d nodes of %s,"
            + " %.1f pods/s, each deleted %d ms after its cores are tuned%n",
        options.pods(),
        options.warmup(),
        options.podCpus(),
        PROFILE,
        options.nodes(),
        options.hardware().name(),
        options.podsPerSecond(),
        options.hold().toMillis());
    out.flush();
    Result tuning = timeToTune(out, options);
    Optional<Startup> startup = Optional.empty();
    if (options.startupNodes() > 0) {
      startup = Optional.of(startup(out, options));
    }
    Result result =
        new Result(
            tuning.latencies(),
            tuning.notTuned(),
            tuning.failedScheduling(),
            tuning.achievedPodsPerSecond(),
            startup);
    print(out, result);
    return result;
  }

  // ------------------------------------------------------------------ time to tune

  private static Result timeToTune(PrintStream out, Options options) throws Exception {
    Path dir = Files.createTempDirectory(options.scratch(), "e2e-bench-");
    Path sockets = Files.createTempDirectory(Path.of("/tmp"), "pme2e-");
    try (SimulatedCluster cluster =
        SimulatedCluster.start(
            SimulatorOptions.of(options.nodes(), options.hardware(), dir, sockets))) {
      out.printf(
          "  cluster of %d nodes up in %d ms%n", options.nodes(), cluster.startupTime().toMillis());
      setUp(cluster);
      int perNode = capacity(cluster) / options.podCpus();
      // one pod slot per node stays free, so a deleted pod's slot is never raced for
      int maxLive = Math.max(1, (perNode - 1) * options.nodes());
      out.printf(
          "  %d %s CPUs per node: at most %d pods live at once%n",
          capacity(cluster), PROFILE, maxLive);
      out.flush();
      runPods(cluster, options, "warm-", options.warmup(), maxLive);
      long start = System.nanoTime();
      List<PodTimeline> measured = runPods(cluster, options, "pod-", options.pods(), maxLive);
      double seconds = (System.nanoTime() - start) / 1e9;
      int failed =
          (int)
              cluster
                  .client()
                  .v1()
                  .events()
                  .inNamespace(cluster.options().powerNamespace())
                  .list()
                  .getItems()
                  .stream()
                  .map(Event::getReason)
                  .filter("FailedScheduling"::equals)
                  .count();
      List<Latency> latencies = new ArrayList<>();
      latencies.add(latency("bound", measured, PodTimeline::bound));
      latencies.add(latency("Running", measured, PodTimeline::running));
      latencies.add(latency("tuned", measured, PodTimeline::tuned));
      int notTuned = (int) measured.stream().filter(t -> t.tuned().isEmpty()).count();
      return new Result(latencies, notTuned, failed, measured.size() / seconds, Optional.empty());
    } finally {
      deleteTree(dir);
      deleteTree(sockets);
    }
  }

  /** The seed's setup; returns once every agent is Ready and capacity is advertised. */
  static void setUp(SimulatedCluster cluster) {
    Examples examples = Examples.packaged();
    KubernetesClient client = cluster.client();
    applyRetrying(client, examples.read(Examples.POWER_CONFIG));
    applyRetrying(client, examples.read(Examples.SHARED_PROFILE));
    for (var node : cluster.nodes()) {
      applyRetrying(
          client,
          examples.read(Examples.SHARED_WORKLOAD).replace(Examples.EXAMPLE_NODE, node.name()));
    }
    await(() -> agentsReady(client, cluster.options().powerNamespace(), cluster.nodes().size()));
  }

  static boolean agentsReady(KubernetesClient client, String namespace, int nodes) {
    List<PowerNode> powerNodes =
        client.resources(PowerNode.class).inNamespace(namespace).list().getItems();
    long ready =
        powerNodes.stream()
            .filter(
                pn ->
                    pn.getStatus() != null
                        && pn.getStatus().getConditions().stream()
                            .anyMatch(
                                c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
            .count();
    if (ready < nodes) {
      return false;
    }
    long advertising =
        client.nodes().list().getItems().stream().filter(n -> capacityOf(n) > 0).count();
    return advertising >= nodes;
  }

  private static long capacityOf(Node n) {
    if (n.getStatus() == null || n.getStatus().getAllocatable() == null) {
      return 0;
    }
    Quantity q = n.getStatus().getAllocatable().get(PowerNames.resourceName(PROFILE));
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }

  private static int capacity(SimulatedCluster cluster) {
    return (int)
        cluster.client().nodes().list().getItems().stream()
            .mapToLong(E2eBench::capacityOf)
            .min()
            .orElse(0);
  }

  private static void applyRetrying(KubernetesClient client, String yaml) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        KubectlApply.apply(client, yaml, "bench");
        return;
      } catch (KubectlApply.ApplyException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
    }
  }

  /** Creates {@code count} pods at the pace, deletes each {@code hold} after it is tuned. */
  private static List<PodTimeline> runPods(
      SimulatedCluster cluster, Options options, String prefix, int count, int maxLive)
      throws Exception {
    KubernetesClient client = cluster.client();
    String ns = cluster.options().powerNamespace();
    Semaphore slots = new Semaphore(maxLive);
    ScheduledExecutorService deleter =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("e2e-bench-deleter"));
    ConcurrentLinkedQueue<String> uids = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> done = new ArrayList<>();
    AtomicInteger timedOut = new AtomicInteger();
    long intervalNanos = (long) (1e9 / options.podsPerSecond());
    long next = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        if (!slots.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("no pod slot freed within " + WAIT.toSeconds() + " s");
        }
        next = Math.max(next + intervalNanos, System.nanoTime());
        String name = prefix + i;
        long created = System.nanoTime();
        Pod pod = client.pods().inNamespace(ns).resource(pod(ns, name, options.podCpus())).create();
        String uid = pod.getMetadata().getUid();
        cluster.tracker().created(ns, name, uid, created);
        uids.add(uid);
        CompletableFuture<?> lifecycle =
            cluster
                .tracker()
                .whenTuned(uid)
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .handle(
                    (timeline, failure) -> {
                      if (failure != null) {
                        timedOut.incrementAndGet();
                      }
                      return null;
                    })
                .thenCompose(
                    x -> {
                      CompletableFuture<Void> deleted = new CompletableFuture<>();
                      deleter.schedule(
                          () -> {
                            try {
                              client.pods().inNamespace(ns).withName(name).delete();
                            } finally {
                              slots.release();
                              deleted.complete(null);
                            }
                          },
                          options.hold().toMillis(),
                          TimeUnit.MILLISECONDS);
                      return deleted;
                    });
        done.add(lifecycle);
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
      // every pod gone from its node's kubelet before the next phase
      await(
          () ->
              cluster.nodes().stream()
                  .allMatch(
                      n ->
                          n.kubelet().pods().stream().noneMatch(p -> p.name().startsWith(prefix))));
    } finally {
      deleter.shutdownNow();
    }
    List<PodTimeline> timelines = new ArrayList<>();
    for (String uid : uids) {
      cluster.tracker().timeline(uid).ifPresent(timelines::add);
    }
    return timelines;
  }

  /** The seed's example pod: 2 (or {@code cpus}) CPUs and the same number of performance units. */
  static Pod pod(String namespace, String name, int cpus) {
    Map<String, Quantity> resources =
        Map.of(
            "cpu",
            new Quantity(Integer.toString(cpus)),
            "memory",
            new Quantity("200Mi"),
            PowerNames.resourceName(PROFILE),
            new Quantity(Integer.toString(cpus)));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("ubuntu")
        .withCommand("/bin/sh")
        .withArgs("-c", "sleep 15000")
        .withNewResources()
        .withRequests(resources)
        .withLimits(resources)
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static Latency latency(
      String phase,
      List<PodTimeline> timelines,
      java.util.function.Function<PodTimeline, java.util.OptionalLong> at) {
    double[] millis =
        timelines.stream()
            .map(t -> t.millisTo(at.apply(t)))
            .filter(OptionalDouble::isPresent)
            .mapToDouble(OptionalDouble::getAsDouble)
            .sorted()
            .toArray();
    if (millis.length == 0) {
      return new Latency(phase, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latency(
        phase,
        millis.length,
        percentile(millis, 0.50),
        percentile(millis, 0.99),
        millis[millis.length - 1]);
  }

  static double percentile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "benchmark condition not met within " + WAIT.toSeconds() + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  // ------------------------------------------------------------------ startup at scale

  private static Startup startup(PrintStream out, Options options) throws Exception {
    out.printf(
        "  starting a %d-node simulation (%s) in a child JVM...%n",
        options.startupNodes(), "small");
    out.flush();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CHILD_JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StartupChild.class.getName());
    command.add(Integer.toString(options.startupNodes()));
    command.add(options.scratch().toString());
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(StartupChild.RESULT)) {
          long[] v =
              Arrays.stream(line.substring(StartupChild.RESULT.length()).trim().split(" "))
                  .mapToLong(Long::parseLong)
                  .toArray();
          child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
          return new Startup(options.startupNodes(), v[0], v[1], v[2], v[3], v[4], (int) v[5]);
        }
      }
      throw new IllegalStateException(
          "the startup child exited with " + child.waitFor() + " before reporting");
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  // ------------------------------------------------------------------ printing

  private static void print(PrintStream out, Result r) {
    String row = "  %-58s %9s %9s %9s   %s%n";
    out.printf(row, "from the pod's create request until it is", "p50", "p99", "max", "goal");
    for (Latency l : r.latencies()) {
      out.printf(
          row,
          switch (l.phase()) {
            case "bound" -> "  bound to a node (webhooks, scheduler + extender, binding)";
            case "Running" -> "  Running (its kubelet gave it exclusive CPUs)";
            default -> "  tuned (every one of its CPUs read back at the profile)";
          },
          ms(l.p50()),
          ms(l.p99()),
          ms(l.max()),
          l.phase().equals("tuned") ? "p99 <= 1 s" : "");
    }
    int measured = r.latencies().stream().mapToInt(Latency::pods).max().orElse(0);
    out.printf(
        "  pods measured %d, not tuned within %d s: %d, FailedScheduling events: %d,"
            + " achieved %.1f pods/s%n",
        measured, WAIT.toSeconds(), r.notTuned(), r.failedScheduling(), r.achievedPodsPerSecond());
    r.startup()
        .ifPresent(
            s -> {
              out.printf(
                  "  %d-node simulation in one JVM (%s, as ./power-manager simulate):%n",
                  s.nodes(), String.join(" ", CHILD_JVM_FLAGS));
              out.printf(
                  "    cluster up (API server, manager, %d kubelets)        %8d ms%n",
                  s.nodes(), s.clusterMillis());
              out.printf(
                  "    PowerConfig -> every PowerNode Ready + capacity     %8d ms%n",
                  s.agentsMillis());
              out.printf(
                  "    start -> all of it                                   %8d ms%n",
                  s.clusterMillis() + s.agentsMillis());
              out.printf(
                  "    VmRSS %.0f MiB (peak %.0f MiB), heap in use %.0f MiB, %d threads%n",
                  s.rssKib() / 1024.0, s.hwmKib() / 1024.0, s.heapUsedKib() / 1024.0, s.threads());
            });
    out.println("  goal (p99 <= 1 s, every pod tuned) " + (r.meetsGoal() ? "met" : "NOT met"));
    out.flush();
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "-" : String.format("%.0f ms", millis);
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // scratch space; leave what could not be deleted
    }
  }
}
