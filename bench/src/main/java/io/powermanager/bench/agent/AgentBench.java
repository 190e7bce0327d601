package io.powermanager.bench.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.cpuidle.CStateIntent;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.agent.podresources.PodCpus;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.NioSysfs;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.telemetry.TelemetryCollector;
import io.powermanager.agent.telemetry.TelemetryMetrics;
import io.powermanager.agent.telemetry.TelemetrySources;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.bench.BenchObjects;
import io.powermanager.certs.CertificateFiles;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.reconciler.config.AgentJvmFlags;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedPowercap;
import io.powermanager.testkit.sysfs.EmulatedProcStat;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.EmulatedTelemetry;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.ManualClock;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent benchmark behind {@code power-manager bench agent}, on a 224-CPU node ({@code
 * spr-8480}, kubelet reserving CPUs 0 and 112, the seed's shared workload):
 *
 * <ol>
 *   <li><b>Latency</b>, in this JVM: pods of 2–8 CPUs come and go (up to 20 at once, performance
 *       and balance-power); for each change the clock runs from the pod's CPUs being known (the
 *       kubelet's answer in hand) to every write made and read back: node model, pools, desires,
 *       plan, snapshot, writes, read-back, on the emulated sysfs (kernel rules, in memory). p50 and
 *       p99 over all changes after a warm-up.
 *   <li><b>Converged re-sync</b>: one more recompute with nothing changed must write 0 files.
 *   <li><b>Telemetry</b>: the CPU time of one heartbeat's collection (RAPL zones, every CPU's idle
 *       counters and {@code scaling_cur_freq}, uncore, {@code /proc/stat}, the per-profile and
 *       per-pod split) through the host adapters on real files (tmpfs) whose counters advance
 *       between heartbeats, and of one scrape of the resulting metrics.
 *   <li><b>Memory</b>: the agent alone in a child JVM (the flags below, also the DaemonSet's
 *       recommendation) with its real adapters: sysfs files on tmpfs, the emulated kubelet's unix
 *       socket and the embedded API server, both in this JVM, 20 power pods. Its {@code VmRSS} is
 *       read from {@code /proc/<pid>/status} once every pod is tuned, then a forced re-sync in the
 *       child must write 0 files too.
 * </ol>
 */
public final class AgentBench {

  /**
   * The agent JVM's flags on this runtime: {@link AgentJvmFlags#forRuntime}, the DaemonSet's flags
   * on Java 25.
   */
  public static final List<String> RECOMMENDED_JVM_FLAGS =
      AgentJvmFlags.forRuntime(Runtime.version().feature());

  static final String NODE = "bench-node";
  static final String NAMESPACE = "default";
  static final CpuSet RESERVED = CpuSet.of(0, 112);
  static final int MAX_PODS = 20;

  private AgentBench() {}

  /**
   * @param changes pod arrivals and departures measured
   * @param warmup changes run before measuring
   * @param seed the random seed of pod sizes and departures
   * @param measureMemory whether to start the agent in a child JVM for its RSS
   * @param appCds whether the child first trains an AppCDS archive ({@code
   *     -XX:ArchiveClassesAtExit}) and the measured run uses it ({@code -XX:SharedArchiveFile}), as
   *     the agent image should
   * @param scratch where the child's sysfs tree and state go (tmpfs is best: {@code /dev/shm})
   * @param childJvmFlags the child JVM's flags
   */
  public record Options(
      int changes,
      int warmup,
      long seed,
      boolean measureMemory,
      boolean appCds,
      Path scratch,
      List<String> childJvmFlags) {

    public static Options defaults() {
      Path scratch = BenchObjects.scratchDirectory();
      return new Options(2_000, 500, 42, true, true, scratch, RECOMMENDED_JVM_FLAGS);
    }

    public Options withChildJvmFlags(List<String> flags) {
      return new Options(changes, warmup, seed, measureMemory, appCds, scratch, List.copyOf(flags));
    }

    public Options withoutMemory() {
      return new Options(changes, warmup, seed, false, appCds, scratch, childJvmFlags);
    }

    public Options withoutAppCds() {
      return new Options(changes, warmup, seed, measureMemory, false, scratch, childJvmFlags);
    }
  }

  /**
   * The numbers.
   *
   * @param cpus the node's CPUs
   * @param changes pod changes measured
   * @param p50Millis median time from a pod's CPUs known to all writes read back
   * @param p99Millis 99th percentile of the same
   * @param maxMillis the slowest change
   * @param cpuP50Millis median CPU time of the measuring thread per change (wall time minus waiting
   *     for a core: on a loaded machine the difference is the machine, not the agent)
   * @param cpuP99Millis 99th percentile of the same
   * @param loadAverage the system load average when the measurement ended
   * @param writesPerChange mean sysfs writes per change
   * @param cstateWritesPerChange of those, the mean {@code cpuidle/stateK/disable} writes (the
   *     {@code performance} profile has {@code cstates.maxLatencyUs: 10}, {@code balance-power}
   *     {@code names: {C6: false}})
   * @param convergedResyncWrites writes of a converged re-sync, in this JVM
   * @param childResyncWrites writes of a converged re-sync in the agent's JVM; -1 when not measured
   * @param agentJvmP50Millis the same median as {@code p50Millis}, measured in a JVM with the
   *     agent's flags ({@code childJvmFlags}: C1 only, a raised compile threshold, the Serial
   *     collector), as the DaemonSet runs it; -1 when not measured
   * @param agentJvmP99Millis its 99th percentile; -1 when not measured
   * @param rssKib the agent JVM's VmRSS after convergence; -1 when not measured
   * @param peakRssKib its VmHWM; -1 when not measured
   * @param childJvmFlags the flags the agent JVM ran with
   * @param telemetry what one heartbeat's telemetry collection costs
   */
  public record Result(
      int cpus,
      int changes,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double cpuP50Millis,
      double cpuP99Millis,
      double loadAverage,
      double writesPerChange,
      double cstateWritesPerChange,
      long convergedResyncWrites,
      long childResyncWrites,
      double agentJvmP50Millis,
      double agentJvmP99Millis,
      long rssKib,
      long peakRssKib,
      List<String> childJvmFlags,
      TelemetryCost telemetry) {

    public boolean meetsGoals() {
      return p99Millis <= 20
          && agentJvmP99Millis <= 20
          && convergedResyncWrites == 0
          && childResyncWrites <= 0
          && (rssKib < 0 || rssKib <= 96 * 1024);
    }
  }

  /** Runs the benchmark, prints a table to {@code out} and returns the numbers. */
  public static Result run(PrintStream out, Options options) throws Exception {
    HardwareModel model = HardwareModel.spr8480();
    out.printf(
        "agent benchmark: %s (%d CPUs), kubelet reserves %s, %d pod changes after %d warm-up%n",
        model.name(), model.online().size(), RESERVED, options.changes(), options.warmup());
    Latency latency = latency(model, options);
    TelemetryCost telemetry = telemetry(model, options);
    long childWrites = -1;
    long rss = -1;
    long hwm = -1;
    Latency agentJvm = null;
    if (options.measureMemory()) {
      agentJvm = latencyInAgentJvm(options);
      long[] memory = memory(model, options, out);
      rss = memory[0];
      hwm = memory[1];
      childWrites = memory[2];
    }
    Result result =
        new Result(
            model.online().size(),
            options.changes(),
            latency.p50,
            latency.p99,
            latency.max,
            latency.cpuP50,
            latency.cpuP99,
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            latency.writesPerChange,
            latency.cstateWritesPerChange,
            latency.resyncWrites,
            childWrites,
            agentJvm == null ? -1 : agentJvm.p50(),
            agentJvm == null ? -1 : agentJvm.p99(),
            rss,
            hwm,
            options.childJvmFlags(),
            telemetry);
    print(out, result, options);
    return result;
  }

  private static void print(PrintStream out, Result r, Options options) {
    String row = "  %-58s %12s   %s%n";
    out.printf(row, "metric", "value", "goal");
    out.printf(row, "pod CPUs known -> all writes read back, p50", ms(r.p50Millis()), "");
    out.printf(row, "pod CPUs known -> all writes read back, p99", ms(r.p99Millis()), "<= 20 ms");
    out.printf(row, "pod CPUs known -> all writes read back, max", ms(r.maxMillis()), "");
    out.printf(row, "  the same, CPU time of the agent thread, p50", ms(r.cpuP50Millis()), "");
    out.printf(row, "  the same, CPU time of the agent thread, p99", ms(r.cpuP99Millis()), "");
    if (r.agentJvmP99Millis() >= 0) {
      out.printf(
          row, "  the same, in a JVM with the agent's flags, p50", ms(r.agentJvmP50Millis()), "");
      out.printf(
          row,
          "  the same, in a JVM with the agent's flags, p99",
          ms(r.agentJvmP99Millis()),
          "<= 20 ms");
    }
    out.printf(
        row,
        "system load average (" + Runtime.getRuntime().availableProcessors() + " cores)",
        String.format("%.1f", r.loadAverage()),
        "");
    out.printf(
        row, "sysfs writes per pod change (mean)", String.format("%.1f", r.writesPerChange()), "");
    out.printf(
        row,
        "  of which C-state disable writes (mean)",
        String.format("%.1f", r.cstateWritesPerChange()),
        "");
    out.printf(row, "writes of a converged re-sync (in process)", r.convergedResyncWrites(), "0");
    TelemetryCost t = r.telemetry();
    out.printf(
        row,
        "telemetry collection per heartbeat, CPU p50 (" + t.series() + " series)",
        ms(t.cpuP50Millis()),
        "");
    out.printf(row, "telemetry collection per heartbeat, CPU p99", ms(t.cpuP99Millis()), "");
    out.printf(
        row,
        "  = share of one core at the 30 s heartbeat (p50)",
        String.format("%.4f %%", t.cpuP50Millis() / 30_000 * 100),
        "");
    out.printf(row, "one scrape of the agent's metrics, CPU p50", ms(t.scrapeCpuP50Millis()), "");
    if (r.rssKib() >= 0) {
      out.printf(
          row,
          "writes of a converged re-sync (agent JVM, real adapters)",
          r.childResyncWrites(),
          "0");
      out.printf(row, "agent RSS after convergence (VmRSS)", mib(r.rssKib()), "<= 96 MiB");
      out.printf(row, "agent peak RSS (VmHWM)", mib(r.peakRssKib()), "");
      out.println(
          "  agent JVM: Java "
              + Runtime.version()
              + ", flags: "
              + String.join(" ", r.childJvmFlags()));
    }
    out.println("  goals " + (r.meetsGoals() ? "met" : "NOT met"));
  }

  private static String ms(double millis) {
    return String.format("%.3f ms", millis);
  }

  private static String mib(long kib) {
    return String.format("%.1f MiB", kib / 1024.0);
  }

  // ------------------------------------------------------------------ latency

  record Latency(
      double p50,
      double p99,
      double max,
      double cpuP50,
      double cpuP99,
      double writesPerChange,
      double cstateWritesPerChange,
      long resyncWrites) {}

  private record BenchPod(String name, String uid, String profile, CpuSet cpus, Pod pod) {}

  /**
   * The latency loop alone, in this JVM: what {@link AgentLatencyChild} runs in a JVM with the
   * agent's flags.
   */
  static Latency latencyHere(int changes, int warmup, long seed) throws Exception {
    Options options =
        new Options(
            changes,
            warmup,
            seed,
            false,
            false,
            BenchObjects.scratchDirectory(),
            RECOMMENDED_JVM_FLAGS);
    return latency(HardwareModel.spr8480(), options);
  }

  /**
   * The latency loop in a child JVM started with {@code options.childJvmFlags()}: the agent's JIT
   * (C1 only, a raised compile threshold) and collector, not this JVM's.
   */
  private static Latency latencyInAgentJvm(Options options) throws Exception {
    List<String> command =
        childCommand(
            options,
            List.of(),
            AgentLatencyChild.class,
            List.of(
                Integer.toString(options.changes()),
                Integer.toString(options.warmup()),
                Long.toString(options.seed())));
    Path log = Files.createTempFile(options.scratch(), "agent-latency", ".log");
    try {
      Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
      String line;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        line = lines.readLine();
      }
      if (!child.waitFor(300, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        throw new IllegalStateException("the latency JVM did not finish: " + tail(log));
      }
      if (line == null || !line.startsWith(AgentLatencyChild.PREFIX)) {
        throw new IllegalStateException(
            "the latency JVM printed " + line + "; its log: " + tail(log));
      }
      return AgentLatencyChild.parse(line);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Latency latency(HardwareModel model, Options options) throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);
    SysfsPort port = SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list);
    HardwareFacts hardware = HardwareDiscovery.discover(port);
    Path state = Files.createTempDirectory("agent-bench-state");
    try {
      Tuner tuner = new Tuner(port, hardware, SnapshotStore.open(state));
      List<PowerProfile> profiles =
          List.of(
              withCStates(
                  BenchObjects.profile(NAMESPACE, "performance", null, null, "performance"),
                  null,
                  10L),
              withCStates(
                  BenchObjects.profile(NAMESPACE, "balance-power", null, null, "balance_power"),
                  Map.of("C6", false),
                  null),
              BenchObjects.profile(NAMESPACE, "shared", 1000, 1500, "power"));
      List<PowerWorkload> workloads =
          List.of(BenchObjects.sharedWorkload(NAMESPACE, NODE, RESERVED.toList()));
      Map<String, String> labels = Map.of("kubernetes.io/hostname", NODE);
      CpuSet allocatable = hardware.online().minus(RESERVED);
      Random random = new Random(options.seed());
      List<BenchPod> live = new ArrayList<>();
      // first convergence: the shared pool
      recompute(tuner, hardware, allocatable, live, profiles, workloads, labels);
      int total = options.warmup() + options.changes();
      double[] millis = new double[options.changes()];
      double[] cpuMillis = new double[options.changes()];
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long writes = 0;
      long idleWrites = 0;
      for (int i = 0; i < total; i++) {
        boolean add = live.size() < 6 || (live.size() < MAX_PODS && random.nextBoolean());
        if (add) {
          CpuSet free = allocatable;
          for (BenchPod p : live) {
            free = free.minus(p.cpus());
          }
          int size = 2 + random.nextInt(7);
          String name = "pod-" + i;
          String uid = UUID.randomUUID().toString();
          String profile = random.nextInt(4) == 0 ? "balance-power" : "performance";
          live.add(
              new BenchPod(
                  name,
                  uid,
                  profile,
                  free.firstN(size),
                  BenchObjects.pod(NAMESPACE, name, uid, NODE, size, profile)));
        } else {
          live.remove(random.nextInt(live.size()));
        }
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Tuner.Outcome outcome =
            recompute(tuner, hardware, allocatable, live, profiles, workloads, labels);
        long nanos = System.nanoTime() - start;
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        if (!outcome.applied().clean() || !outcome.plan().refusals().isEmpty()) {
          throw new IllegalStateException(
              "bench change " + i + " did not converge: " + outcome.applied());
        }
        if (i >= options.warmup()) {
          millis[i - options.warmup()] = nanos / 1e6;
          cpuMillis[i - options.warmup()] = cpuNanos / 1e6;
          writes += outcome.applied().written().size();
          idleWrites +=
              outcome.applied().written().stream()
                  .filter(w -> w.knob() == io.powermanager.domain.tuning.Knob.CSTATE_DISABLE)
                  .count();
        }
      }
      sysfs.resetWriteCounts();
      recompute(tuner, hardware, allocatable, live, profiles, workloads, labels);
      long resyncWrites = sysfs.writeCount();
      Arrays.sort(millis);
      Arrays.sort(cpuMillis);
      return new Latency(
          percentile(millis, 0.50),
          percentile(millis, 0.99),
          millis[millis.length - 1],
          percentile(cpuMillis, 0.50),
          percentile(cpuMillis, 0.99),
          writes / (double) options.changes(),
          idleWrites / (double) options.changes(),
          resyncWrites);
    } finally {
      deleteTree(state);
    }
  }

  /** What the node loop does once the kubelet has answered: model, pools, converge. */
  private static Tuner.Outcome recompute(
      Tuner tuner,
      HardwareFacts hardware,
      CpuSet allocatable,
      List<BenchPod> live,
      List<PowerProfile> profiles,
      List<PowerWorkload> workloads,
      Map<String, String> labels)
      throws IOException {
    Map<String, PodCpus> kubelet = new TreeMap<>();
    List<Pod> pods = new ArrayList<>(live.size());
    for (BenchPod p : live) {
      kubelet.put(
          NAMESPACE + "/" + p.name(),
          new PodCpus(NAMESPACE, p.name(), List.of(new PodCpus.ContainerCpus("app", p.cpus()))));
      pods.add(p.pod());
    }
    NodeModel model =
        NodeModel.compute(
            new NodeModel.Inputs(
                NODE, hardware, allocatable, kubelet, Set.of(), pods, profiles, workloads, labels));
    NodePools pools =
        NodePools.assign(hardware.online(), allocatable, model.claims(), model.sharedProfile());
    return tuner.converge(
        pools, model::profile, CStateIntent.compute(NODE, labels, profiles, List.of()));
  }

  private static PowerProfile withCStates(
      PowerProfile profile, Map<String, Boolean> names, Long maxLatencyUs) {
    profile.getSpec().setCstates(new ProfileCStates(names, maxLatencyUs));
    return profile;
  }

  static double percentile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  // ------------------------------------------------------------------ telemetry

  /**
   * The cost of the agent's telemetry on a node of {@code model}.
   *
   * @param heartbeats collections measured (after as many warm-up ones)
   * @param cpuP50Millis median CPU time of one collection
   * @param cpuP99Millis 99th percentile of the same
   * @param scrapeCpuP50Millis median CPU time of one scrape (text format) of the agent's metrics
   * @param series sample lines in one scrape
   */
  public record TelemetryCost(
      int heartbeats,
      double cpuP50Millis,
      double cpuP99Millis,
      double scrapeCpuP50Millis,
      int series) {}

  static final int TELEMETRY_HEARTBEATS = 200;

  private static TelemetryCost telemetry(HardwareModel model, Options options) throws Exception {
    Path dir = Files.createTempDirectory(options.scratch(), "agent-bench-telemetry");
    try {
      EmulatedSysfs sysfs = EmulatedSysfs.create(dir.resolve("cpu"), model);
      Optional<EmulatedPowercap> rapl = EmulatedPowercap.create(dir.resolve("powercap"), model);
      EmulatedProcStat stat = EmulatedProcStat.create(dir.resolve("proc/stat"), model);
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
      EmulatedTelemetry emulated = new EmulatedTelemetry(sysfs, rapl, stat, clock);
      NioSysfs tree = new NioSysfs(dir.resolve("cpu"));
      HardwareFacts hardware = HardwareDiscovery.discover(tree);
      TelemetryCollector collector =
          new TelemetryCollector(
              tree,
              hardware,
              TelemetrySources.host(dir.resolve("powercap"), dir.resolve("proc/stat"), MAX_PODS),
              clock,
              Duration.ZERO);
      PrometheusRegistry registry = new PrometheusRegistry();
      TelemetryMetrics.register(registry, collector::snapshot);
      // MAX_PODS pods of 4 CPUs each (performance), the rest of the allocatable CPUs shared
      CpuSet allocatable = hardware.online().minus(RESERVED);
      List<ExclusiveClaim> claims = new ArrayList<>();
      Map<PodKey, CpuSet> pods = new LinkedHashMap<>();
      CpuSet free = allocatable;
      for (int i = 0; i < MAX_PODS; i++) {
        CpuSet cpus = free.firstN(4);
        free = free.minus(cpus);
        claims.add(new ExclusiveClaim(NAMESPACE + "/pod-" + i + "/app", cpus, "performance"));
        pods.put(new PodKey(NAMESPACE, "pod-" + i, "uid-" + i), cpus);
        for (int cpu : cpus) {
          sysfs.busy(cpu, 0.9);
        }
      }
      NodePools pools =
          NodePools.assign(hardware.online(), allocatable, claims, Optional.of("shared"));
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      emulated.advance();
      double[] cpu = new double[TELEMETRY_HEARTBEATS];
      double[] scrape = new double[TELEMETRY_HEARTBEATS];
      int series = 0;
      io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter writer =
          io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create();
      for (int i = -TELEMETRY_HEARTBEATS; i < TELEMETRY_HEARTBEATS; i++) {
        clock.advance(Duration.ofSeconds(30));
        emulated.advance();
        long start = threads.getCurrentThreadCpuTime();
        collector.collect(pools, pods);
        long collected = threads.getCurrentThreadCpuTime();
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(256 * 1024);
        writer.write(text, registry.scrape());
        long scraped = threads.getCurrentThreadCpuTime();
        if (i >= 0) {
          cpu[i] = (collected - start) / 1e6;
          scrape[i] = (scraped - collected) / 1e6;
          series =
              (int)
                  text.toString(StandardCharsets.UTF_8)
                      .lines()
                      .filter(l -> !l.startsWith("#"))
                      .count();
        }
      }
      if (!collector.snapshot().raplAvailable()) {
        throw new IllegalStateException("the benchmark's node has no RAPL zones");
      }
      Arrays.sort(cpu);
      Arrays.sort(scrape);
      return new TelemetryCost(
          TELEMETRY_HEARTBEATS,
          percentile(cpu, 0.50),
          percentile(cpu, 0.99),
          percentile(scrape, 0.50),
          series);
    } finally {
      deleteTree(dir);
    }
  }

  // ------------------------------------------------------------------ memory

  /** {VmRSS KiB, VmHWM KiB, re-sync writes} of the agent in a child JVM. */
  private static long[] memory(HardwareModel model, Options options, PrintStream out)
      throws Exception {
    Path dir = Files.createTempDirectory(options.scratch(), "agent-bench");
    EmulatedKubelet kubelet = null;
    EmbeddedApiServer api = null;
    ConversionEndpoint conversion = null;
    try {
      long t0 = System.nanoTime();
      EmulatedSysfs.create(dir.resolve("cpu"), model);
      out.printf(
          "  sysfs tree of %d CPUs laid out in %s in %d ms%n",
          model.online().size(), dir, (System.nanoTime() - t0) / 1_000_000);
      kubelet =
          EmulatedKubelet.builder(dir.resolve("kubelet.sock"), model.online(), RESERVED)
              .build()
              .start();
      // The stand-in converts as kube-apiserver does, through the real /convert route: the bench
      // writes at v1alpha1, the agent reads and writes at the storage version v1.
      conversion = ConversionEndpoint.start(dir.resolve("conversion-tls"));
      // HTTPS, as in a cluster: the agent JVM trusts only the CA it is given (its service account's
      // ca.crt in a pod), with the JDK's own CA certificates off (AgentJvmFlags)
      IssuedCertificate serving =
          CertsTool.writeFiles(
              "kubernetes",
              "default",
              dir.resolve("apiserver-tls"),
              List.of("localhost"),
              List.of("127.0.0.1"),
              Duration.ofDays(1),
              java.time.Clock.systemUTC(),
              new java.security.SecureRandom());
      api =
          EmbeddedApiServer.start(
              ApiServerOptions.defaults()
                  .withTls(
                      new ApiServerOptions.ServingTls(
                          serving.certificatePem(),
                          serving.privateKeyPem(),
                          serving.caCertificatePem()))
                  .withCrdConversion(true)
                  .withService(
                      CrdConversion.SERVICE_NAMESPACE,
                      CrdConversion.SERVICE_NAME,
                      conversion.baseUrl()));
      KubernetesClient client = api.client();
      PowerResources.install(client, conversion.caPem());
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(NODE)
                  .addToLabels("kubernetes.io/hostname", NODE)
                  .endMetadata()
                  .build())
          .create();
      var profiles = client.resources(PowerProfile.class).inNamespace(NAMESPACE);
      profiles
          .resource(
              withCStates(
                  BenchObjects.profile(NAMESPACE, "performance", null, null, "performance"),
                  null,
                  10L))
          .create();
      profiles.resource(BenchObjects.profile(NAMESPACE, "shared", 1000, 1500, "power")).create();
      client
          .resources(PowerWorkload.class)
          .inNamespace(NAMESPACE)
          .resource(BenchObjects.sharedWorkload(NAMESPACE, NODE, RESERVED.toList()))
          .create();
      Random random = new Random(options.seed());
      for (int i = 0; i < MAX_PODS; i++) {
        int size = 2 + random.nextInt(7);
        Pod created =
            client
                .pods()
                .inNamespace(NAMESPACE)
                .resource(BenchObjects.pod(NAMESPACE, "pod-" + i, null, NODE, size, "performance"))
                .create();
        kubelet.admit(created);
        created.getStatus().setPhase("Running");
        client.pods().inNamespace(NAMESPACE).resource(created).updateStatus();
      }
      long[] result;
      if (options.appCds()) {
        Path archive = dir.resolve("agent.jsa");
        long t1 = System.nanoTime();
        runChild(
            options,
            dir,
            api,
            kubelet,
            List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=warning:stderr"));
        if (!Files.exists(archive)) {
          out.println(
              "  no class-data archive was written; the agent JVM said: "
                  + tail(dir.resolve("agent.log")));
        }
        out.printf(
            "  class-data archive trained in %d ms (%d KiB)%n",
            (System.nanoTime() - t1) / 1_000_000,
            Files.exists(archive) ? Files.size(archive) / 1024 : -1);
        result =
            runChild(
                options,
                dir,
                api,
                kubelet,
                Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of());
      } else {
        result = runChild(options, dir, api, kubelet, List.of());
      }
      return result;
    } finally {
      if (api != null) {
        api.close();
      }
      if (kubelet != null) {
        kubelet.close();
      }
      if (conversion != null) {
        conversion.close();
      }
      deleteTree(dir);
    }
  }

  /**
   * {@code java <the agent's flags> <extra> -cp <this class path> <main> <args>}: a child JVM of
   * this runtime, as the agent's DaemonSet would start it.
   */
  private static List<String> childCommand(
      Options options, List<String> extra, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.childJvmFlags());
    command.addAll(extra);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /** Runs the agent JVM to convergence and a re-sync: {VmRSS KiB, VmHWM KiB, re-sync writes}. */
  private static long[] runChild(
      Options options, Path dir, EmbeddedApiServer api, EmulatedKubelet kubelet, List<String> extra)
      throws Exception {
    List<String> command =
        childCommand(
            options,
            extra,
            AgentBenchChild.class,
            List.of(
                api.url(),
                NODE,
                NAMESPACE,
                dir.resolve("cpu").toString(),
                kubelet.socket().toString(),
                dir.resolve("state").toString(),
                Integer.toString(MAX_PODS),
                dir.resolve("apiserver-tls").resolve(CertificateFiles.CA_CERTIFICATE).toString()));
    Path log = dir.resolve("agent.log");
    Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Writer commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
      String converged = lines.readLine();
      if (converged == null || !converged.startsWith("CONVERGED")) {
        throw new IllegalStateException(
            "agent JVM did not converge (" + converged + "); its log: " + tail(log));
      }
      long[] status = procStatus(child.pid());
      commands.write("resync\n");
      commands.flush();
      String resync = lines.readLine();
      if (resync == null || !resync.startsWith("RESYNC ")) {
        throw new IllegalStateException("agent JVM did not re-sync (" + resync + "): " + tail(log));
      }
      long writes = Long.parseLong(resync.substring("RESYNC ".length()).strip());
      commands.write("quit\n");
      commands.flush();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("agent JVM did not exit: " + tail(log));
      }
      return new long[] {status[0], status[1], writes};
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** {VmRSS, VmHWM} in KiB from /proc/<pid>/status. */
  static long[] procStatus(long pid) throws IOException {
    long rss = -1;
    long hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kib(line);
      }
    }
    return new long[] {rss, hwm};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** {@code java ... AgentBench [--no-memory]}: runs with the defaults and prints the table. */
  public static void main(String[] args) throws Exception {
    Options options = Options.defaults();
    for (String arg : args) {
      if (arg.equals("--no-memory")) {
        options = options.withoutMemory();
      } else if (arg.equals("--no-appcds")) {
        options = options.withoutAppCds();
      } else if (arg.startsWith("--child-jvm-flags=")) {
        options =
            options.withChildJvmFlags(
                List.of(arg.substring("--child-jvm-flags=".length()).split(" ")));
      }
    }
    Result r = run(System.out, options);
    System.exit(r.meetsGoals() ? 0 : 1);
  }
}
