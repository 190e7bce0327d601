package io.powermanager.bench.webhook;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.powermanager.api.PowerAnnotations;
import io.powermanager.bench.BenchFiles;
import io.powermanager.certs.CertificateAuthority;
import io.powermanager.certs.CertificateFiles;
import io.powermanager.certs.LeafRequest;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.certs.SslContexts;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.server.HttpsServer;
import io.powermanager.server.Lane;
import io.powermanager.server.ServerSettings;
import io.powermanager.webhook.AdmissionCodec;
import io.powermanager.webhook.AdmissionService;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.WebhookConfig;
import io.powermanager.webhook.WebhookRoutes;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code power-manager bench webhook}: the admission webhook against a bare echo handler on the
 * same TLS stack (the same {@link HttpsServer} Jetty/Javalin setup and the certs module's reloading
 * TLS), both on 127.0.0.1 over HTTPS keep-alive.
 *
 * <p>Per target: an open-loop phase at a fixed rate (requests are scheduled at fixed times and
 * latency is measured from the scheduled time, so a slow answer is not hidden by the next request
 * waiting: no coordinated omission). Then the closed-loop phases (every connection sends back to
 * back) for the maximum throughput of the webhook and the echo, interleaved in short slices on the
 * same kept-alive connections, so both see the same load from the rest of the machine and the ratio
 * compares like with like. The review is a Pod CREATE with four containers requesting a profile,
 * decided by the real {@link AdmissionService} (a static catalog in place of informers); the echo
 * reads it and answers with the very bytes the webhook answers. Goals (DESIGN.md §5), all in one
 * run: p99 ≤ 2 ms at 1,000 reviews/s, CPU per review ≤ 1.6 × the echo's, and throughput ≥ 0.6 × the
 * echo's.
 */
public final class WebhookBench {

  /** The DESIGN.md §5 goals. */
  public static final double GOAL_P99_MILLIS = 2.0;

  /** Webhook over echo process CPU per review, closed loop: at most. */
  public static final double GOAL_CPU_RATIO = 1.6;

  /** Webhook over echo throughput, closed loop: at least. */
  public static final double GOAL_RATIO = 0.6;

  private static final String HOST = "localhost";
  private static final String ECHO_PATH = "/echo";

  /** The closed-loop phases alternate webhook and echo this many times each. */
  private static final int SLICES = 10;

  private WebhookBench() {}

  /**
   * How to run.
   *
   * @param rate the fixed rate of the open-loop phases, reviews per second
   * @param connections the kept-alive connections of the open-loop phases
   * @param closedLoopConnections the connections of the closed-loop (maximum throughput) phases
   * @param warmup closed-loop time per target before measuring (JIT, TLS session caches)
   * @param fixedDuration the length of each open-loop phase
   * @param closedDuration the length of each closed-loop phase
   */
  public record Options(
      int rate,
      int connections,
      int closedLoopConnections,
      Duration warmup,
      Duration fixedDuration,
      Duration closedDuration) {

    public Options {
      if (rate <= 0 || connections <= 0 || closedLoopConnections <= 0) {
        throw new IllegalArgumentException(
            "rate, connections and closedLoopConnections must be positive");
      }
      Objects.requireNonNull(warmup, "warmup");
      Objects.requireNonNull(fixedDuration, "fixedDuration");
      Objects.requireNonNull(closedDuration, "closedDuration");
    }

    /** 1,000 reviews/s on 8 connections for 20 s; 4 connections flat out for 10 s. */
    public static Options defaults() {
      return new Options(
          1000, 8, 4, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    /** A short run for smoke tests. */
    public static Options quick() {
      return new Options(
          500, 4, 2, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500));
    }
  }

  /**
   * One measured phase.
   *
   * @param cpuMicrosPerReview process CPU time (client and servers) per review
   * @param allocatedKbPerReview bytes allocated in the process (client and servers) per review, KiB
   * @param gcMillis time the JVM's collectors reported during the phase
   */
  public record Phase(
      String target,
      String mode,
      long requests,
      long errors,
      double reviewsPerSecond,
      double p50Millis,
      double p99Millis,
      double p999Millis,
      double maxMillis,
      double cpuMicrosPerReview,
      double allocatedKbPerReview,
      double gcMillis) {}

  /**
   * What one run measured.
   *
   * @param fixedRate the open-loop phases: validate, mutate, echo
   * @param maximum the closed-loop phases: validate, echo
   * @param maxThroughputRatio webhook (validate) over echo throughput, closed loop
   * @param cpuRatio echo over webhook (validate) process CPU per review, closed loop: the
   *     throughput ratio on CPUs nothing else competes for
   * @param handlerMeanMicros the webhook's own mean handler time (its metric), all phases
   * @param garbageCollector the JVM's collectors, e.g. {@code G1 Young Generation, G1 Old
   *     Generation}
   * @param goalsMet p99 of both webhook fixed-rate phases ≤ 2 ms, no errors, CPU per review ≤ 1.6 ×
   *     the echo's ({@code 1 / cpuRatio}) and throughput ratio ≥ 0.6
   */
  public record Result(
      List<Phase> fixedRate,
      List<Phase> maximum,
      double maxThroughputRatio,
      double cpuRatio,
      double handlerMeanMicros,
      String tlsProtocol,
      String garbageCollector,
      boolean goalsMet) {}

  /** Runs the benchmark, prints a table to {@code out} and returns the numbers. */
  public static Result run(PrintStream out, Options options) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("webhook-bench");
      return runIn(dir, out, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      BenchFiles.deleteQuietly(dir);
    }
  }

  private static Result runIn(Path dir, PrintStream out, Options options) throws IOException {
    CertificateAuthority ca =
        CertificateAuthority.create(
            "webhook-bench", Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
    new CertificateFiles(dir)
        .write(
            ca.issue(
                new LeafRequest(
                    "webhook-bench", List.of(HOST), List.of("127.0.0.1"), Duration.ofDays(1))));
    SSLContext trust = SslContexts.trusting(ca.certificatePem());
    PrometheusRegistry registry = new PrometheusRegistry();
    WebhookConfig config =
        WebhookConfig.of("power", Optional.empty()).withHost("127.0.0.1").withPort(0);
    AdmissionService service = new AdmissionService(catalog(), AdmissionSettings.of("power"));
    byte[] review = podReview();
    byte[] answer = answer(service, review);

    try (ReloadingServerTls webhookTls = ReloadingServerTls.start(dir);
        ReloadingServerTls echoTls = ReloadingServerTls.start(dir);
        WebhookServer webhook =
            WebhookServer.start(
                config,
                service,
                () -> true,
                registry,
                Optional.of(webhookTls.sslContextFactory()))) {
      try (HttpsServer echo =
          HttpsServer.start(
              // the webhook's stack, the lane on the echo's path
              ServerSettings.of(
                  "echo",
                  config.host(),
                  config.port(),
                  List.of(Lane.of("echo", Set.of(ECHO_PATH), config.maxRequestBytes()))),
              Optional.of(echoTls.sslContextFactory()),
              cfg ->
                  cfg.routes.post(
                      ECHO_PATH,
                      ctx -> {
                        ctx.bodyAsBytes();
                        ctx.contentType("application/json").result(answer);
                      }))) {
        int echoPort = echo.port();
        Target validate =
            new Target(
                "webhook /validate",
                webhook.port(),
                BenchConnection.post(HOST, WebhookRoutes.VALIDATE_PATH, review));
        Target mutate =
            new Target(
                "webhook /mutate",
                webhook.port(),
                BenchConnection.post(HOST, WebhookRoutes.MUTATE_PATH, review));
        Target echoTarget =
            new Target("echo", echoPort, BenchConnection.post(HOST, ECHO_PATH, review));
        String protocol = check(trust, validate, mutate, echoTarget);

        for (Target t : List.of(validate, mutate, echoTarget)) {
          closedLoop(trust, List.of(t), options.closedLoopConnections(), options.warmup(), 1);
        }
        List<Phase> fixed = new ArrayList<>();
        for (Target t : List.of(validate, mutate, echoTarget)) {
          fixed.add(openLoop(trust, t, options));
        }
        List<Phase> maximum =
            closedLoop(
                trust,
                List.of(validate, echoTarget),
                options.closedLoopConnections(),
                options.closedDuration(),
                SLICES);
        double ratio = maximum.get(0).reviewsPerSecond() / maximum.get(1).reviewsPerSecond();
        double handlerMicros = handlerMeanMicros(registry);
        boolean met =
            fixed.stream()
                    .filter(p -> p.target().startsWith("webhook"))
                    .allMatch(p -> p.p99Millis() <= GOAL_P99_MILLIS && p.errors() == 0)
                && ratio >= GOAL_RATIO;
        double cpuRatio = maximum.get(1).cpuMicrosPerReview() / maximum.get(0).cpuMicrosPerReview();
        met &= 1 / cpuRatio <= GOAL_CPU_RATIO;
        Result result =
            new Result(
                fixed, maximum, ratio, cpuRatio, handlerMicros, protocol, garbageCollector(), met);
        print(out, options, result, review.length);
        return result;
      }
    }
  }

  private record Target(String name, int port, byte[] request) {}

  /** The body the webhook answers {@code review} with, for the echo to answer the same. */
  private static byte[] answer(AdmissionService service, byte[] review) {
    AdmissionCodec codec = new AdmissionCodec();
    if (!(codec.decode(review) instanceof AdmissionCodec.Readable readable)) {
      throw new IllegalStateException("the benchmark's review cannot be read");
    }
    return codec.encode(service.validate(readable.request()));
  }

  /** One exchange per target, decoded, so the benchmark measures answers that are right. */
  private static String check(SSLContext trust, Target... targets) throws IOException {
    String protocol = "";
    for (Target t : targets) {
      try (BenchConnection c = new BenchConnection(trust, HOST, t.port())) {
        int status = c.exchange(t.request(), true);
        String body = new String(c.lastBody(), StandardCharsets.UTF_8);
        if (status != 200 || !body.contains("\"allowed\":true")) {
          throw new IllegalStateException(t.name() + " answered " + status + ": " + body);
        }
        protocol = c.protocol();
      }
    }
    return protocol;
  }

  /** Requests due at fixed times; latency from the due time (no coordinated omission). */
  private static Phase openLoop(SSLContext trust, Target target, Options options) {
    int total = (int) (options.rate() * options.fixedDuration().toMillis() / 1000);
    long[] latencies = new long[total];
    long interval = 1_000_000_000L / options.rate();
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong lastEnd = new AtomicLong();
    long start = System.nanoTime() + 50_000_000L;
    Meter meter = Meter.start();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < options.connections(); w++) {
      Thread worker =
          new Thread(
              () -> {
                BenchConnection c = null;
                try {
                  for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                    long due = start + n * interval;
                    for (long wait = due - System.nanoTime();
                        wait > 0;
                        wait = due - System.nanoTime()) {
                      LockSupport.parkNanos(wait);
                    }
                    try {
                      if (c == null) {
                        c = new BenchConnection(trust, HOST, target.port());
                      }
                      if (c.exchange(target.request(), false) != 200) {
                        errors.incrementAndGet();
                      }
                    } catch (IOException e) {
                      errors.incrementAndGet();
                      if (c != null) {
                        c.close();
                      }
                      c = null;
                    }
                    long end = System.nanoTime();
                    latencies[(int) n] = end - due;
                    lastEnd.accumulateAndGet(end, Math::max);
                  }
                } finally {
                  if (c != null) {
                    c.close();
                  }
                }
              },
              "bench-open-" + w);
      workers.add(worker);
      worker.start();
    }
    join(workers);
    double seconds = (lastEnd.get() - start) / 1e9;
    return phase(
        target.name(),
        "fixed " + options.rate() + "/s, " + options.connections() + " conn",
        latencies,
        errors.get(),
        total / seconds,
        meter.stop());
  }

  /**
   * Every connection sends back to back, for {@code duration} per target: {@code slices} slices per
   * target, the targets taking turns (the order alternating), each on its own kept-alive
   * connections, so slow changes in what else runs on the machine hit every target alike.
   */
  private static List<Phase> closedLoop(
      SSLContext trust, List<Target> targets, int connections, Duration duration, int slices)
      throws IOException {
    int capacity = (int) Math.min(2_000_000, duration.toMillis() * 50 + 1000);
    List<Slices> runs = new ArrayList<>();
    try {
      for (Target t : targets) {
        runs.add(new Slices(t, connections, capacity, trust));
      }
      long slice = duration.toNanos() / slices;
      for (int s = 0; s < slices; s++) {
        for (int i = 0; i < runs.size(); i++) {
          runs.get(s % 2 == 0 ? i : runs.size() - 1 - i).run(slice);
        }
      }
      List<Phase> phases = new ArrayList<>();
      for (Slices run : runs) {
        phases.add(run.phase("max, " + connections + " conn"));
      }
      return phases;
    } finally {
      runs.forEach(Slices::close);
    }
  }

  /** The closed-loop slices of one target: its connections, latencies and meters, summed. */
  private static final class Slices implements AutoCloseable {
    private final Target target;
    private final List<BenchConnection> connections = new ArrayList<>();
    private final long[][] latencies;
    private final int[] counts;
    private final AtomicLong errors = new AtomicLong();
    private long nanos;
    private Meter.Usage usage = Meter.Usage.NONE;

    Slices(Target target, int connections, int capacity, SSLContext trust) throws IOException {
      this.target = target;
      this.latencies = new long[connections][capacity];
      this.counts = new int[connections];
      for (int w = 0; w < connections; w++) {
        this.connections.add(new BenchConnection(trust, HOST, target.port()));
      }
    }

    void run(long sliceNanos) {
      long start = System.nanoTime();
      long end = start + sliceNanos;
      Meter meter = Meter.start();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < connections.size(); w++) {
        int index = w;
        Thread worker =
            new Thread(
                () -> {
                  BenchConnection c = connections.get(index);
                  long[] mine = latencies[index];
                  int n = counts[index];
                  try {
                    for (long now = System.nanoTime(); now < end && n < mine.length; ) {
                      if (c.exchange(target.request(), false) != 200) {
                        errors.incrementAndGet();
                      }
                      long after = System.nanoTime();
                      mine[n++] = after - now;
                      now = after;
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                  }
                  counts[index] = n;
                },
                "bench-closed-" + w);
        workers.add(worker);
        worker.start();
      }
      join(workers);
      nanos += System.nanoTime() - start;
      usage = usage.plus(meter.stop());
    }

    Phase phase(String mode) {
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int w = 0; w < counts.length; w++) {
        System.arraycopy(latencies[w], 0, all, at, counts[w]);
        at += counts[w];
      }
      return WebhookBench.phase(
          target.name(), mode, all, errors.get(), nanos == 0 ? 0 : total / (nanos / 1e9), usage);
    }

    @Override
    public void close() {
      connections.forEach(BenchConnection::close);
    }
  }

  /** Process CPU time, bytes allocated and collector time from start to stop. */
  private record Meter(long cpuNanos, long allocatedBytes, long gcMillis) {

    record Usage(long cpuNanos, long allocatedBytes, long gcMillis) {
      static final Usage NONE = new Usage(0, 0, 0);

      Usage plus(Usage other) {
        return new Usage(
            cpuNanos + other.cpuNanos,
            allocatedBytes + other.allocatedBytes,
            gcMillis + other.gcMillis);
      }
    }

    static Meter start() {
      return new Meter(processCpuNanos(), allocatedSoFar(), collectedSoFar());
    }

    Usage stop() {
      return new Usage(
          processCpuNanos() - cpuNanos,
          allocatedSoFar() - allocatedBytes,
          collectedSoFar() - gcMillis);
    }

    /** Bytes allocated by all live threads so far (the JVM's count), or 0 where it cannot tell. */
    private static long allocatedSoFar() {
      return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
              && t.isThreadAllocatedMemorySupported()
              && t.isThreadAllocatedMemoryEnabled()
          ? Math.max(0, t.getTotalThreadAllocatedBytes())
          : 0;
    }

    private static long collectedSoFar() {
      long total = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        total += Math.max(0, gc.getCollectionTime());
      }
      return total;
    }
  }

  /** The JVM's collectors, by the names it gives them. */
  private static String garbageCollector() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static Phase phase(
      String target,
      String mode,
      long[] latencies,
      long errors,
      double perSecond,
      Meter.Usage usage) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return new Phase(
        target,
        mode,
        sorted.length,
        errors,
        perSecond,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        percentile(sorted, 0.999),
        n == 0 ? 0 : sorted[n - 1] / 1e6,
        n == 0 ? 0 : usage.cpuNanos() / 1e3 / n,
        n == 0 ? 0 : usage.allocatedBytes() / 1024.0 / n,
        usage.gcMillis());
  }

  /** CPU time of this process (client and servers), or 0 where the JVM cannot tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static void print(PrintStream out, Options options, Result r, int reviewBytes) {
    out.printf(
        Locale.ROOT,
        "power-manager bench webhook: Pod CREATE review, 4 containers (%d bytes), HTTPS keep-alive"
            + " (%s), %d CPUs, Java %s, GC %s%n",
        reviewBytes,
        r.tlsProtocol(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        r.garbageCollector());
    out.printf(
        Locale.ROOT,
        "%-18s %-22s %9s %10s %8s %8s %8s %8s %7s %9s %8s %7s%n",
        "target",
        "mode",
        "requests",
        "reviews/s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "errors",
        "cpu us/op",
        "KiB/op",
        "gc ms");
    List<Phase> all = new ArrayList<>(r.fixedRate());
    all.addAll(r.maximum());
    for (Phase p : all) {
      out.printf(
          Locale.ROOT,
          "%-18s %-22s %9d %10.1f %8.3f %8.3f %8.3f %8.2f %7d %9.1f %8.1f %7.0f%n",
          p.target(),
          p.mode(),
          p.requests(),
          p.reviewsPerSecond(),
          p.p50Millis(),
          p.p99Millis(),
          p.p999Millis(),
          p.maxMillis(),
          p.errors(),
          p.cpuMicrosPerReview(),
          p.allocatedKbPerReview(),
          p.gcMillis());
    }
    Phase validate = r.fixedRate().get(0);
    Phase echo = r.fixedRate().get(2);
    out.printf(
        Locale.ROOT,
        "throughput ratio webhook/echo: %.2f at the fixed rate, %.2f at maximum (closed loop,"
            + " interleaved in %d slices each; goal >= %.1f)%n",
        validate.reviewsPerSecond() / echo.reviewsPerSecond(),
        r.maxThroughputRatio(),
        SLICES,
        GOAL_RATIO);
    Phase validateMax = r.maximum().get(0);
    Phase echoMax = r.maximum().get(1);
    out.printf(
        Locale.ROOT,
        "cpu per review at maximum (client + server): webhook %.1f us, echo %.1f us; webhook/echo"
            + " %.2f (goal <= %.1f)%n",
        validateMax.cpuMicrosPerReview(),
        echoMax.cpuMicrosPerReview(),
        1 / r.cpuRatio(),
        GOAL_CPU_RATIO);
    out.printf(
        Locale.ROOT,
        "webhook handler time (its own histogram, mean over all phases): %.1f us%n",
        r.handlerMeanMicros());
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cpus = Runtime.getRuntime().availableProcessors();
    out.printf(
        Locale.ROOT,
        "system load average at the end: %.2f on %d CPUs%s%n",
        load,
        cpus,
        load > cpus ? " (other processes competed for the CPUs: latencies are inflated)" : "");
    out.printf(
        Locale.ROOT,
        "goals: p99 <= %.1f ms at %d/s, cpu per review <= %.1f x echo and throughput >= %.1f x"
            + " echo: %s%n",
        GOAL_P99_MILLIS,
        options.rate(),
        GOAL_CPU_RATIO,
        GOAL_RATIO,
        r.goalsMet() ? "met" : "MISSED");
  }

  private static double handlerMeanMicros(PrometheusRegistry registry) {
    double sum = 0;
    long count = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof HistogramSnapshot h) {
        for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
          sum += d.getSum();
          count += d.getCount();
        }
      }
    }
    return count == 0 ? 0 : sum / count * 1e6;
  }

  /** A cluster with the base profiles and 3.8 GHz power nodes. */
  private static StaticCatalog catalog() {
    return StaticCatalog.builder()
        .profile(BaseProfile.PERFORMANCE.asProfile())
        .profile(BaseProfile.BALANCE_PERFORMANCE.asProfile())
        .profile(BaseProfile.BALANCE_POWER.asProfile())
        .powerNodeMaximum(Frequency.ofMhz(3800))
        .build();
  }

  /**
   * A realistic Pod CREATE as a ReplicaSet sends it: four containers with exclusive CPUs, three
   * asking for performance and one annotated default, plus the fields the API server defaults.
   */
  public static byte[] podReview() {
    List<Container> containers = new ArrayList<>();
    String[] names = {"app", "cache", "worker", "metrics"};
    for (int i = 0; i < names.length; i++) {
      Map<String, Quantity> resources = new LinkedHashMap<>();
      resources.put("cpu", new Quantity(Integer.toString(1 + i % 2)));
      resources.put("memory", new Quantity("512Mi"));
      resources.put("power.intel.com/performance", new Quantity(Integer.toString(1 + i % 2)));
      containers.add(
          new ContainerBuilder()
              .withName(names[i])
              .withImage("registry.example.com/team/" + names[i] + ":1.4.2")
              .withArgs("--port=" + (8080 + i), "--log-level=info")
              .addNewPort()
              .withContainerPort(8080 + i)
              .withProtocol("TCP")
              .endPort()
              .addNewEnv()
              .withName("POD_NAME")
              .withNewValueFrom()
              .withNewFieldRef()
              .withFieldPath("metadata.name")
              .endFieldRef()
              .endValueFrom()
              .endEnv()
              .withNewResources()
              .withRequests(new LinkedHashMap<>(resources))
              .withLimits(new LinkedHashMap<>(resources))
              .endResources()
              .addNewVolumeMount()
              .withName("kube-api-access")
              .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
              .withReadOnly(true)
              .endVolumeMount()
              .withTerminationMessagePath("/dev/termination-log")
              .withTerminationMessagePolicy("File")
              .withImagePullPolicy("IfNotPresent")
              .build());
    }
    Pod pod =
        new PodBuilder()
            .withApiVersion("v1")
            .withKind("Pod")
            .withNewMetadata()
            .withGenerateName("web-7d9f8b6c5d-")
            .withNamespace("default")
            .addToLabels("app", "web")
            .addToLabels("pod-template-hash", "7d9f8b6c5d")
            .addToLabels("power.intel.com/profile", "performance")
            .addToAnnotations(PowerAnnotations.PROFILE, "performance")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName("web-7d9f8b6c5d")
            .withUid("f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9")
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withContainers(containers)
            .addNewVolume()
            .withName("kube-api-access")
            .withNewProjected()
            .withDefaultMode(420)
            .addNewSource()
            .withNewServiceAccountToken()
            .withExpirationSeconds(3607L)
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .endVolume()
            .withRestartPolicy("Always")
            .withTerminationGracePeriodSeconds(30L)
            .withDnsPolicy("ClusterFirst")
            .withServiceAccountName("default")
            .withSchedulerName("default-scheduler")
            .withPriority(0)
            .withEnableServiceLinks(true)
            .withPreemptionPolicy("PreemptLowerPriority")
            .endSpec()
            .build();
    AdmissionRequest request = new AdmissionRequest();
    request.setUid("8a1f3c2e-5b7d-4e9f-a0b1-c2d3e4f5a6b7");
    request.setKind(new GroupVersionKind("", "Pod", "v1"));
    request.setResource(new GroupVersionResource("", "pods", "v1"));
    request.setRequestKind(new GroupVersionKind("", "Pod", "v1"));
    request.setRequestResource(new GroupVersionResource("", "pods", "v1"));
    request.setNamespace("default");
    request.setOperation("CREATE");
    request.setObject(pod);
    request.setDryRun(false);
    request.setOptions(Map.of("apiVersion", "meta.k8s.io/v1", "kind", "CreateOptions"));
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(AdmissionCodec.API_VERSION);
    review.setKind(AdmissionCodec.KIND);
    review.setRequest(request);
    return JsonMapper.builder().build().writeValueAsBytes(review);
  }

  private static void join(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("benchmark interrupted", e);
      }
    }
  }
}
