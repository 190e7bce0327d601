package io.powermanager.bench.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.apiserver.RequestLog;
import io.powermanager.bench.BenchFiles;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code power-manager bench reconciler}: N power nodes and a PowerConfig with three base profiles
 * created at once against the in-process API server of the {@code apiserver} module (which counts
 * every request by client), with the reconcilers already running. Prints and returns the time until
 * the cluster has converged (the agent DaemonSet, 3 base and 3 × N extended profiles, 6 power
 * resources on every node, the PowerConfig status listing every node), the API writes the
 * reconcilers sent (counted at the server, by resource), the heap the reconcilers hold after GC,
 * and then the same for a full resync of the converged cluster (goal: zero writes).
 *
 * <p>The agents' heartbeats are stamped with the end of the run's time budget so no node turns
 * stale while the benchmark runs; the agents themselves are not simulated (no heartbeat writes).
 */
public final class ReconcilerBench {

  /** Where the objects live. */
  static final String NAMESPACE = "power";

  static final String POWER_LABEL = "feature.node.kubernetes.io/power-node";
  static final String MANAGER = "manager";
  static final String SEEDER = "seeder";

  /**
   * What to run.
   *
   * @param nodes power nodes to create
   * @param cpus CPUs per node (0 and 1 reserved, the rest allocatable)
   * @param workers worker threads of each node-scoped controller
   * @param seeders threads creating the objects
   * @param timeout how long convergence may take before the run fails
   */
  public record Options(int nodes, int cpus, int workers, int seeders, Duration timeout) {
    public Options {
      if (nodes < 1 || cpus < 3 || workers < 1 || seeders < 1) {
        throw new IllegalArgumentException(
            "nodes, workers and seeders must be positive and cpus at least 3: " + this);
      }
      Objects.requireNonNull(timeout, "timeout");
    }

    /** 5,000 nodes of 64 CPUs, 4 workers, 8 seeding threads, 15 minutes. */
    public static Options defaults() {
      return new Options(5_000, 64, 4, 8, Duration.ofMinutes(15));
    }

    public Options withNodes(int count) {
      return new Options(count, cpus, workers, seeders, timeout);
    }
  }

  /**
   * What was measured.
   *
   * @param converge from the first object created to the converged cluster
   * @param seeding how long creating the objects took
   * @param writes writes the reconcilers sent while converging
   * @param writesByResource the same by {@code verb resource}
   * @param neededChanges objects that needed a change: 1 DaemonSet, 3 base profiles, 3 × nodes
   *     extended profiles, nodes node statuses, 1 PowerConfig status, and the status of every
   *     profile (3 + 3 × nodes: the nodes that offer it)
   * @param heapBaselineBytes used heap after GC once the reconcilers are closed: the in-process API
   *     server and its store
   * @param heapReconcilersBytes used heap after GC with the reconcilers converged, minus the
   *     baseline: informer caches, queues and controllers
   * @param resync how long a full resync of the converged cluster took
   * @param resyncReconciles reconciles the resync ran
   * @param resyncWrites writes it sent (goal: 0)
   */
  public record Result(
      int nodes,
      Duration converge,
      Duration seeding,
      long writes,
      Map<String, Long> writesByResource,
      long neededChanges,
      long heapBaselineBytes,
      long heapReconcilersBytes,
      Duration resync,
      long resyncReconciles,
      long resyncWrites) {}

  private ReconcilerBench() {}

  public static void main(String[] args) {
    Options options = Options.defaults();
    if (args.length > 0) {
      options = options.withNodes(Integer.parseInt(args[0]));
    }
    if (args.length > 1) {
      options =
          new Options(
              options.nodes(),
              options.cpus(),
              options.workers(),
              options.seeders(),
              Duration.ofSeconds(Long.parseLong(args[1])));
    }
    run(System.out, options);
  }

  public static Result run(PrintStream out, Options options) {
    out.printf(
        "reconciler bench: %d power nodes x 3 base profiles, %d CPUs each, %d workers%n",
        options.nodes(), options.cpus(), options.workers());
    Instant heartbeat = Instant.now().plus(options.timeout()).truncatedTo(ChronoUnit.SECONDS);
    // The stand-in converts as kube-apiserver does, through the real /convert route: the seeder
    // writes at v1alpha1, the reconcilers read and write at the storage version v1.
    Path certs;
    try {
      certs = Files.createTempDirectory("reconciler-bench-conversion");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ConversionEndpoint conversion = ConversionEndpoint.start(certs);
        EmbeddedApiServer server =
            EmbeddedApiServer.start(
                ApiServerOptions.defaults()
                    .withCrdConversion(true)
                    .withService(
                        CrdConversion.SERVICE_NAMESPACE,
                        CrdConversion.SERVICE_NAME,
                        conversion.baseUrl()));
        KubernetesClient seeder = server.newClient(SEEDER);
        KubernetesClient manager = server.newClient(MANAGER)) {
      PowerResources.install(seeder, conversion.caPem());
      seeder
          .namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      Measured m = measure(server, seeder, manager, options, heartbeat, out);
      long heapWithout = usedHeapAfterGc();
      long profiles = 3 + 3L * options.nodes();
      long needed = 1 + profiles + options.nodes() + 1 + profiles;
      out.printf(
          "  converged in %s: %d writes for %d objects that needed a change%n",
          seconds(m.converge()), m.writes().size(), needed);
      m.byResource().forEach((k, v) -> out.printf("    %-32s %8d%n", k, v));
      printRepeats(m.repeated(), out);
      out.printf("    of them refused by the API server: %s%n", m.refused());
      out.printf(
          "  heap after GC: %d MiB with the reconcilers, %d MiB without (the API server's store):"
              + " reconcilers hold %d MiB%n",
          m.heapWith() >> 20, heapWithout >> 20, (m.heapWith() - heapWithout) >> 20);
      out.printf(
          "  full resync: %d reconciles in %s, %d writes%n",
          m.resyncReconciles(), seconds(m.resync()), m.resyncWrites());
      return new Result(
          options.nodes(),
          m.converge(),
          m.seeding(),
          m.writes().size(),
          m.byResource(),
          needed,
          heapWithout,
          m.heapWith() - heapWithout,
          m.resync(),
          m.resyncReconciles(),
          m.resyncWrites());
    } finally {
      BenchFiles.deleteQuietly(certs);
    }
  }

  /**
   * Objects written more than once while converging: how many, per {@code verb resource}, with an
   * example. Creates carry their name in the body, not the URL, so they are counted above but left
   * out here.
   */
  private static void printRepeats(Map<String, Map<String, Long>> repeated, PrintStream out) {
    if (repeated.isEmpty()) {
      out.printf("    no object written twice%n");
    }
    repeated.forEach(
        (kind, objects) -> {
          Map.Entry<String, Long> first = objects.entrySet().iterator().next();
          out.printf(
              "    written more than once: %d %s (e.g. %s x%d)%n",
              objects.size(), kind, first.getKey(), first.getValue());
        });
  }

  private record Measured(
      Duration seeding,
      Duration converge,
      List<RequestLog.Entry> writes,
      Map<String, Long> byResource,
      Map<String, Long> refused,
      Map<String, Map<String, Long>> repeated,
      Duration resync,
      long resyncReconciles,
      long resyncWrites,
      long heapWith) {}

  /**
   * Runs the reconcilers from an empty cluster to converged and through a resync. Everything they
   * hold (registry included) is unreachable once this returns, so the heap can be measured without.
   */
  private static Measured measure(
      EmbeddedApiServer server,
      KubernetesClient seeder,
      KubernetesClient manager,
      Options options,
      Instant heartbeat,
      PrintStream out) {
    PrometheusRegistry registry = new PrometheusRegistry();
    ReconcilerConfig config =
        ReconcilerConfig.defaults(NAMESPACE, "power-manager:bench")
            .withWorkers(options.workers())
            .withResyncPeriod(Duration.ofHours(1));
    try (Reconcilers reconcilers =
        Reconcilers.start(config, manager, registry, Clock.systemUTC())) {
      server.requests().reset();
      long started = System.nanoTime();
      long cpuBefore = processCpuNanos();
      seed(seeder, options, heartbeat);
      Duration seeding = Duration.ofNanos(System.nanoTime() - started);
      out.printf("  seeded %d objects in %s%n", 1 + 2 * options.nodes(), seconds(seeding));
      Duration converge = awaitConverged(server, reconcilers, options, started);
      out.printf(
          "  CPU from the first object to converged: %.1f s in reconcile workers, %.1f s in"
              + " the whole process (API server, informers, seeding clients, GC)%n",
          workerCpuNanos() / 1e9, (processCpuNanos() - cpuBefore) / 1e9);
      List<RequestLog.Entry> writes = server.requests().writesBy(MANAGER);
      Map<String, Long> refused = server.requests().refusedWritesBy(MANAGER);
      Map<String, Map<String, Long>> repeated = server.requests().writtenMoreThanOnceBy(MANAGER);
      Map<String, Long> reads =
          server.requests().entries().stream()
              .filter(e -> !e.isWrite() && e.client().equals(MANAGER))
              .collect(Collectors.groupingBy(e -> e.verb(), TreeMap::new, Collectors.counting()));
      out.printf("  reads by the reconcilers while converging: %s%n", reads);
      Map<String, Long> byResource =
          writes.stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.verb() + " " + e.resource(), TreeMap::new, Collectors.counting()));

      server.requests().reset();
      double before = reconciles(registry);
      long resyncStart = System.nanoTime();
      reconcilers.resyncNow();
      long expectedKeys = 1 + 2L * options.nodes();
      while (reconciles(registry) < before + expectedKeys || reconcilers.pending() > 0) {
        sleep(20);
      }
      Duration resync = Duration.ofNanos(System.nanoTime() - resyncStart);
      long resyncReconciles = (long) (reconciles(registry) - before);
      long resyncWrites = server.requests().writesBy(MANAGER).size();
      server.requests().reset();
      forgetRecordedRequests(server);
      long heapWith = usedHeapAfterGc();
      return new Measured(
          seeding,
          converge,
          writes,
          byResource,
          refused,
          repeated,
          resync,
          resyncReconciles,
          resyncWrites,
          heapWith);
    }
  }

  private static void seed(KubernetesClient client, Options options, Instant heartbeat) {
    client.resource(config()).create();
    ExecutorService pool = Executors.newFixedThreadPool(options.seeders());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < options.nodes(); i++) {
        String name = nodeName(i);
        done.add(
            pool.submit(
                () -> {
                  client.nodes().resource(node(name, options.cpus())).create();
                  PowerNode pn = client.resource(powerNode(name)).create();
                  pn.setStatus(agentStatus(options.cpus(), heartbeat));
                  client.resource(pn).updateStatus();
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("seeding the API server failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Duration awaitConverged(
      EmbeddedApiServer server, Reconcilers reconcilers, Options options, long started) {
    long deadline = started + options.timeout().toNanos();
    long profiles = 3 + 3L * options.nodes();
    String missing = "nothing checked yet";
    while (System.nanoTime() < deadline) {
      long created =
          server.requests().writesBy(MANAGER).stream()
              .filter(e -> e.verb().equals("create") && e.resource().equals("powerprofiles"))
              .count();
      if (created >= profiles && reconcilers.pending() == 0) {
        missing = missing(server, options);
        if (missing.isEmpty()) {
          return Duration.ofNanos(System.nanoTime() - started);
        }
      } else {
        missing = created + " of " + profiles + " profiles created";
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "the cluster did not converge within "
            + options.timeout()
            + " for "
            + options.nodes()
            + " nodes: "
            + missing
            + " ("
            + reconcilers.describeQueues()
            + ")");
  }

  /** Reads the final state back (reads are not writes): what is not there yet, or "". */
  private static String missing(EmbeddedApiServer server, Options options) {
    try (KubernetesClient reader = server.newClient("verifier")) {
      int advertised = 0;
      for (Node n : reader.nodes().list().getItems()) {
        long power =
            n.getStatus().getAllocatable().keySet().stream()
                .filter(k -> k.startsWith("power.intel.com/"))
                .count();
        if (power == 6) {
          advertised++;
        }
      }
      if (advertised != options.nodes()) {
        return advertised + " of " + options.nodes() + " nodes advertise 6 power resources";
      }
      PowerConfig config =
          reader.resources(PowerConfig.class).inNamespace(NAMESPACE).withName("power-config").get();
      int listed = config.getStatus() == null ? 0 : config.getStatus().getNodes().size();
      if (listed != options.nodes()) {
        return "the PowerConfig status lists " + listed + " of " + options.nodes() + " nodes";
      }
      if (reader.apps().daemonSets().inNamespace(NAMESPACE).withName("power-node-agent").get()
          == null) {
        return "no agent DaemonSet";
      }
      return "";
    }
  }

  static PowerConfig config() {
    PowerConfig c = new PowerConfig();
    c.setMetadata(
        new ObjectMetaBuilder().withName("power-config").withNamespace(NAMESPACE).build());
    PowerConfigSpec spec = new PowerConfigSpec();
    spec.setPowerNodeSelector(Map.of(POWER_LABEL, "true"));
    spec.setPowerProfiles(List.of("performance", "balance-performance", "balance-power"));
    c.setSpec(spec);
    return c;
  }

  static Node node(String name, int cpus) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(
            Map.of(
                POWER_LABEL,
                "true",
                "kubernetes.io/hostname",
                name,
                "kubernetes.io/os",
                "linux",
                "node.kubernetes.io/instance-type",
                "bench.metal"))
        .endMetadata()
        .withNewStatus()
        .addToCapacity("cpu", new Quantity(Integer.toString(cpus)))
        .addToCapacity("memory", new Quantity("256Gi"))
        .addToCapacity("pods", new Quantity("110"))
        .addToAllocatable("cpu", new Quantity(Integer.toString(cpus - 2)))
        .addToAllocatable("memory", new Quantity("250Gi"))
        .addToAllocatable("pods", new Quantity("110"))
        .endStatus()
        .build();
  }

  static PowerNode powerNode(String name) {
    PowerNode pn = new PowerNode();
    pn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    pn.setSpec(new PowerNodeSpec(name));
    return pn;
  }

  static PowerNodeStatus agentStatus(int cpus, Instant heartbeat) {
    NodeHardware hw = new NodeHardware();
    hw.setDriver("intel_pstate");
    hw.setCpus("0-" + (cpus - 1));
    hw.setCoreTypes(List.of(new CoreType("0-" + (cpus - 1), 800, 3800, 2000)));
    PowerNodeStatus status = new PowerNodeStatus();
    status.setHardware(hw);
    status.setReservedCPUs("0-1");
    status.setAllocatableCPUs("2-" + (cpus - 1));
    status.setHeartbeat(heartbeat.toString());
    return status;
  }

  static String nodeName(int i) {
    return String.format("node-%05d", i);
  }

  /**
   * Drops the requests the mock behind the front keeps for {@code takeRequest} (they pile up and
   * would count as the API server's heap).
   */
  private static void forgetRecordedRequests(EmbeddedApiServer server) {
    try {
      while (server.mock().takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double reconciles(PrometheusRegistry registry) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals("power_manager_reconciles")
          && s instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
      }
    }
    return 0;
  }

  /** CPU time of the reconcilers' worker threads so far. */
  private static long workerCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("reconcile-")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
