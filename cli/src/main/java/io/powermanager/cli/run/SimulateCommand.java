package io.powermanager.cli.run;

import io.powermanager.agent.schedule.ScaledClock;
import io.powermanager.simulator.SimulatedCluster;
import io.powermanager.simulator.SimulatorOptions;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.Walkthrough;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code power-manager simulate}: the whole system on this machine ({@link SimulatedCluster}).
 * Without {@code --serve} it runs the seed's walkthrough and prints a report; with it, it keeps the
 * cluster up for kubectl until SIGTERM or SIGINT, then the agents restore every CPU and it exits 0.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole system on this machine: an embedded API server, the manager (webhook,"
          + " extender, reconcilers), N nodes with emulated CPUs and kubelets and REAL agents, and"
          + " a scheduler that calls the extender.",
      "Without --serve: apply the seed's examples, print what happened, stop (exit 0).",
      "With --serve: write DIR/kubeconfig and DIR/endpoints.json, print 'ready"
          + " DIR/endpoints.json' and run until SIGTERM/SIGINT."
    })
public final class SimulateCommand implements Callable<Integer> {

  /** Above this many CPUs a node's sysfs tree goes to tmpfs when it can (thousands of files). */
  static final int LARGE_NODE_CPUS = 64;

  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "2",
      description = "Simulated nodes node-1..node-N (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--cpus",
      paramLabel = "C",
      description = "CPUs per node (model generic-C: intel_pstate with EPP); at least 4.")
  Integer cpus;

  @Option(
      names = "--hardware",
      paramLabel = "MODEL",
      description =
          "Hardware model of every node: small (8 CPUs, the default), spr-8480 (224 CPUs),"
              + " acpi (16, acpi-cpufreq, no EPP), hybrid (8 P + 8 E cores), generic-C.")
  String hardware;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "Certificates, sysfs trees, agent state, kubeconfig (default: a new temp dir, removed"
              + " when the simulation stops; a DIR given here is kept).")
  Path workdir;

  /** Where the default workdir is made; a test points it at its own directory. */
  @Option(names = "--tmpdir", hidden = true, paramLabel = "DIR")
  Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));

  /** The tmpfs for large nodes' sysfs trees; a test points it at its own directory. */
  @Option(names = "--tmpfs", hidden = true, paramLabel = "DIR")
  Path tmpfs = Path.of("/dev/shm");

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description = "Read the seed's examples from DIR instead of the copies in the jar.")
  Path examples;

  @Option(
      names = "--serve",
      description = "Keep running for kubectl; print 'ready DIR/endpoints.json' when ready.")
  boolean serve;

  @Option(
      names = "--clock",
      paramLabel = "INSTANT",
      description =
          "Run the whole cluster on a virtual clock starting at INSTANT (e.g."
              + " 2026-03-29T00:58:00Z), to watch schedules switch; default: the real clock.")
  Instant clockStart;

  @Option(
      names = "--clock-rate",
      paramLabel = "R",
      defaultValue = "1",
      description =
          "The virtual clock runs R times as fast as real time (default: ${DEFAULT-VALUE}).")
  double clockRate;

  @Option(
      names = "--power-namespace",
      paramLabel = "NS",
      defaultValue = SimulatorOptions.DEFAULT_NAMESPACE,
      description =
          "The namespace of the power objects (default: ${DEFAULT-VALUE}, where the seed's"
              + " examples go); intel-power takes Intel v2.5's manifests as they are. Other than"
              + " the default only with --serve.")
  String powerNamespace;

  @Option(
      names = "--log-level",
      defaultValue = "warn",
      description = "Logs on stderr: trace, debug, info, warn, error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    HardwareModel model = model();
    Clock clock = clock();
    applyLogLevel();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!serve && !powerNamespace.equals(SimulatorOptions.DEFAULT_NAMESPACE)) {
      throw new ParameterException(
          spec.commandLine(),
          "--power-namespace "
              + powerNamespace
              + " needs --serve: the walkthrough applies the seed's examples, which live in "
              + SimulatorOptions.DEFAULT_NAMESPACE);
    }
    if (workdir != null && isPreviousSimulation(workdir)) {
      throw new ParameterException(
          spec.commandLine(),
          "--workdir "
              + workdir
              + " holds a previous simulation (its nodes/ and agents/); give a new or empty"
              + " directory");
    }
    // What this run creates and removes when it stops; a --workdir given by the user is kept.
    Deque<Path> created = new ArrayDeque<>();
    try {
      Path dir;
      if (workdir != null) {
        dir = workdir;
      } else {
        dir = Files.createTempDirectory(tmpdir, "power-manager-simulate-");
        created.push(dir);
      }
      Files.createDirectories(dir);
      Path sockets = socketDir(dir, created);
      Optional<Path> sysfsDir = Optional.of(dir.resolve("nodes"));
      if (model.online().size() > LARGE_NODE_CPUS && Files.isWritable(tmpfs)) {
        sysfsDir = Optional.of(Files.createTempDirectory(tmpfs, "power-manager-sysfs-"));
        created.push(sysfsDir.get());
        err.println(
            "sysfs trees of "
                + model.online().size()
                + "-CPU nodes go to tmpfs (thousands of files each): "
                + sysfsDir.get());
      }
      SimulatorOptions options =
          SimulatorOptions.of(nodes, model, dir.toAbsolutePath(), sockets)
              .withSysfsDir(sysfsDir)
              .withPowerNamespace(powerNamespace)
              .withClock(clock);
      if (clockRate != 1) {
        // the agents' heartbeat and resync keep their period in virtual time, so the nodes stay
        // fresh to the manager that reads the heartbeats on the same virtual clock
        options =
            options
                .withHeartbeat(scaled(options.heartbeat()))
                .withAgentResync(scaled(options.agentResync()));
      }
      return serve ? serve(options, out, err) : report(options, out);
    } finally {
      for (Path path : created) {
        ScratchDirectories.delete(path, err);
      }
    }
  }

  /** The real clock, or a virtual one when {@code --clock} or {@code --clock-rate} asks. */
  private Clock clock() {
    if (!(clockRate > 0) || Double.isInfinite(clockRate)) {
      throw new ParameterException(
          spec.commandLine(), "--clock-rate must be a positive number, got " + clockRate);
    }
    if (clockStart == null && clockRate == 1) {
      return Clock.systemUTC();
    }
    return ScaledClock.startingAt(clockStart == null ? Instant.now() : clockStart, clockRate);
  }

  private Duration scaled(Duration virtual) {
    return Duration.ofNanos(Math.max(1_000_000L, (long) (virtual.toNanos() / clockRate)));
  }

  private static boolean isPreviousSimulation(Path dir) {
    return Files.isDirectory(dir.resolve("nodes")) || Files.isDirectory(dir.resolve("agents"));
  }

  private HardwareModel model() {
    if (cpus != null && hardware != null) {
      throw new ParameterException(
          spec.commandLine(), "--cpus and --hardware exclude each other; give one");
    }
    if (nodes < 1) {
      throw new ParameterException(spec.commandLine(), "--nodes must be at least 1, got " + nodes);
    }
    if (cpus != null && cpus < SimulatorOptions.MIN_CPUS) {
      throw new ParameterException(
          spec.commandLine(),
          "--cpus "
              + cpus
              + ": a simulated node needs at least "
              + SimulatorOptions.MIN_CPUS
              + " CPUs (the kubelet reserves CPUs 0 and 1, and pods need at least 2 more)");
    }
    try {
      HardwareModel model =
          cpus != null
              ? HardwareModel.generic(cpus)
              : HardwareModel.byName(hardware == null ? "small" : hardware);
      SimulatorOptions.checkHardware(model);
      return model;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void applyLogLevel() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    if (!logLevel.equalsIgnoreCase("debug") && !logLevel.equalsIgnoreCase("trace")) {
      LibraryLogging.quiet();
    }
  }

  /** Unix socket paths must stay under 108 bytes: use the workdir only when it is short. */
  private static Path socketDir(Path dir, Deque<Path> created) throws IOException {
    Path inWorkdir = dir.toAbsolutePath().resolve("sockets");
    if (inWorkdir.resolve("node-9999.sock").toString().getBytes(StandardCharsets.UTF_8).length
        < 100) {
      return inWorkdir;
    }
    Path outside = Files.createTempDirectory(Path.of("/tmp"), "pmsim-");
    created.push(outside);
    return outside;
  }

  private int report(SimulatorOptions options, PrintWriter out) throws IOException {
    out.printf(
        "power-manager simulate: %d nodes of %s (%d CPUs, %s), workdir %s%n",
        options.nodes(),
        options.hardware().name(),
        options.hardware().online().size(),
        options.hardware().driver().toString().toLowerCase(java.util.Locale.ROOT),
        options.workdir());
    if (options.clock() instanceof ScaledClock virtual) {
      out.printf(
          "virtual clock: %s now, running %s x real time%n",
          virtual.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), virtual.rate());
    }
    out.flush();
    try (SimulatedCluster cluster = SimulatedCluster.start(options)) {
      out.printf(
          "cluster up in %.1f s: API server %s, webhook and extender %s%n%n",
          cluster.startupTime().toMillis() / 1000.0, cluster.api().url(), cluster.managerUrl());
      Examples source = examples == null ? Examples.packaged() : Examples.directory(examples);
      Walkthrough.run(cluster, source, out);
      cluster.close();
      out.println(Walkthrough.restoreLine(cluster));
    }
    out.printf(
        "(report complete %.1f s after the JVM started)%n",
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
            / 1000.0);
    out.flush();
    return 0;
  }

  private int serve(SimulatorOptions options, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    for (String signal : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
    }
    err.println("workdir " + options.workdir());
    err.flush();
    SimulatedCluster cluster = SimulatedCluster.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "simulator-shutdown"));
    Path endpoints = cluster.writeEndpoints();
    Path kubeconfig = options.workdir().resolve("kubeconfig");
    err.printf(
        "simulated cluster up in %.1f s: %d nodes of %s; API server %s, webhook and extender %s%n"
            + "try: kubectl --kubeconfig %s apply -f examples/example-powerconfig.yaml%n"
            + "SIGTERM or Ctrl-C stops it; the agents restore every CPU first.%n",
        cluster.startupTime().toMillis() / 1000.0,
        options.nodes(),
        options.hardware().name(),
        cluster.api().url(),
        cluster.managerUrl(),
        kubeconfig);
    err.flush();
    out.println("ready " + endpoints);
    out.flush();
    stop.await();
    err.println("stopping: the agents restore every CPU");
    err.flush();
    cluster.close();
    err.println(Walkthrough.restoreLine(cluster));
    err.flush();
    return 0;
  }
}
