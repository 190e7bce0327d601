package io.powermanager.cli.run;

import io.powermanager.bench.agent.AgentBench;
import io.powermanager.bench.conversion.ConversionBench;
import io.powermanager.bench.e2e.E2eBench;
import io.powermanager.bench.extender.ExtenderBench;
import io.powermanager.bench.reconciler.ReconcilerBench;
import io.powermanager.bench.webhook.WebhookBench;
import io.powermanager.extender.ScorePolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code power-manager bench <part>}: runs one benchmark with the sizes (a few flags change
 * them), prints its table and exits 0; whether the goals were met is in the table.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and print its numbers.",
    subcommands = {
      BenchCommand.Webhook.class,
      BenchCommand.Extender.class,
      BenchCommand.Reconciler.class,
      BenchCommand.Agent.class,
      BenchCommand.E2e.class,
      BenchCommand.Convert.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Benchmarks log warnings only, on stderr; their tables go to stdout. */
  static PrintStream quiet() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    LibraryLogging.quiet();
    // the benches serve plain HTTP on loopback on purpose: no warning about it in their report
    System.setProperty("org.slf4j.simpleLogger.log.io.powermanager.server.HttpsServer", "error");
    return System.out;
  }

  @Command(
      name = "webhook",
      mixinStandardHelpOptions = true,
      description =
          "Admission reviews over HTTPS keep-alive at a fixed rate and flat out, against an echo"
              + " handler on the same TLS stack (goals: p99 <= 2 ms at 1,000/s, CPU per review <= 1.6 x"
              + " and throughput >= 0.6 x the echo handler's).")
  static final class Webhook implements Callable<Integer> {
    @Option(
        names = "--rate",
        defaultValue = "1000",
        description = "Reviews/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--duration",
        defaultValue = "20s",
        converter = io.powermanager.cli.DurationConverter.class,
        description = "Length of each fixed-rate phase (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public Integer call() {
      WebhookBench.Options d = WebhookBench.Options.defaults();
      WebhookBench.run(
          quiet(),
          new WebhookBench.Options(
              rate,
              d.connections(),
              d.closedLoopConnections(),
              d.warmup(),
              duration,
              d.closedDuration()));
      return 0;
    }
  }

  @Command(
      name = "extender",
      mixinStandardHelpOptions = true,
      description =
          "filter and prioritize latency over a large cached cluster (goal: p99 <= 5 ms with 5,000"
              + " node names).")
  static final class Extender implements Callable<Integer> {
    @Option(
        names = "--nodes",
        defaultValue = "5000",
        description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
        names = "--pods",
        defaultValue = "150000",
        description = "Pods (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(
        names = "--power-pods",
        defaultValue = "20000",
        description = "Pods requesting a profile (default: ${DEFAULT-VALUE}).")
    int powerPods;

    @Option(
        names = "--policy",
        defaultValue = "spread",
        description = "spread or binpack (default: ${DEFAULT-VALUE}).")
    ScorePolicy policy;

    @Override
    public Integer call() {
      ExtenderBench.Options d = ExtenderBench.Options.defaults();
      ExtenderBench.run(
          quiet(),
          new ExtenderBench.Options(
              nodes,
              pods,
              powerPods,
              Math.min(d.largeRequestNames(), nodes),
              Math.min(d.smallRequestNames(), nodes),
              d.warmupRequests(),
              d.measuredRequests(),
              policy));
      return 0;
    }
  }

  @Command(
      name = "reconciler",
      mixinStandardHelpOptions = true,
      description =
          "Power nodes x 3 base profiles created at once: time to converge, API writes (goal: one"
              + " per object that needed a change), the reconcilers' heap; then a full resync (goal:"
              + " 0 writes).")
  static final class Reconciler implements Callable<Integer> {
    @Option(
        names = "--nodes",
        defaultValue = "5000",
        description = "Power nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
        names = "--cpus",
        defaultValue = "64",
        description = "CPUs per node (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(
        names = "--timeout",
        defaultValue = "15m",
        converter = io.powermanager.cli.DurationConverter.class,
        description = "How long convergence may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
      ReconcilerBench.Options d = ReconcilerBench.Options.defaults();
      ReconcilerBench.run(
          quiet(), new ReconcilerBench.Options(nodes, cpus, d.workers(), d.seeders(), timeout));
      return 0;
    }
  }

  @Command(
      name = "agent",
      mixinStandardHelpOptions = true,
      description =
          "A 224-CPU node: pod CPUs known -> all writes read back (goal p99 <= 20 ms, in this"
              + " JVM and in one with the agent's flags), writes of a converged re-sync (goal 0),"
              + " the agent JVM's RSS over HTTPS to the API server (goal <= 96 MiB).")
  static final class Agent implements Callable<Integer> {
    @Option(
        names = "--no-memory",
        description = "Skip the agent JVMs: its RSS and the latency with its flags.")
    boolean noMemory;

    @Option(names = "--no-appcds", description = "Run the agent JVM without a class-data archive.")
    boolean noAppCds;

    @Override
    public Integer call() throws Exception {
      AgentBench.Options options = AgentBench.Options.defaults();
      if (noMemory) {
        options = options.withoutMemory();
      }
      if (noAppCds) {
        options = options.withoutAppCds();
      }
      AgentBench.run(quiet(), options);
      return 0;
    }
  }

  @Command(
      name = "e2e",
      mixinStandardHelpOptions = true,
      description =
          "The simulator end to end: p50/p99 from pod creation to tuned cores (goal p99 <= 1 s),"
              + " then a large simulation's startup time and RSS.")
  static final class E2e implements Callable<Integer> {
    @Option(
        names = "--pods",
        defaultValue = "200",
        description = "Measured pods (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(
        names = "--nodes",
        defaultValue = "4",
        description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
        names = "--rate",
        defaultValue = "5",
        description = "Pods created per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
        names = "--startup-nodes",
        defaultValue = "50",
        description = "Nodes of the startup measurement; 0 skips it (default: ${DEFAULT-VALUE}).")
    int startupNodes;

    @Override
    public Integer call() throws Exception {
      E2eBench.run(
          quiet(),
          E2eBench.Options.defaults()
              .withPods(pods)
              .withNodes(nodes)
              .withRate(rate)
              .withStartupNodes(startupNodes));
      return 0;
    }
  }

  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      description =
          "The CRDs' conversion webhook: ConversionReviews of one list page each (5,000 stored v1"
              + " PowerWorkloads read as v1alpha1) over HTTPS keep-alive, one at a time; p50/p99.")
  static final class Convert implements Callable<Integer> {
    @Option(
        names = "--objects",
        defaultValue = "5000",
        description = "Objects per review (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(
        names = "--pages",
        defaultValue = "200",
        description = "Reviews measured (default: ${DEFAULT-VALUE}).")
    int pages;

    @Override
    public Integer call() {
      ConversionBench.Options d = ConversionBench.Options.defaults();
      ConversionBench.run(quiet(), new ConversionBench.Options(objects, d.warmup(), pages));
      return 0;
    }
  }
}
