package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.metrics.MetricsHttpServer;
import io.powermanager.agent.state.HardwareDefaultsRestore;
import io.powermanager.agent.telemetry.TelemetrySources;
import io.powermanager.cli.DurationConverter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code power-manager agent}: the composition root of the node agent DaemonSet. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node agent: tune this node's CPUs for the pods on it, publish its PowerNode.",
      "SIGTERM restores every CPU the agent touched; --restore does only that and exits.",
      "--restore-defaults returns a node another agent (Intel's) tuned to hardware defaults, before"
          + " this agent first starts there (it records what it finds as the originals)."
    })
public final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = "--node-name",
      defaultValue = "${env:NODE_NAME:-}",
      description = "This node (default: $NODE_NAME); not needed with --restore.")
  String nodeName;

  @Option(
      names = "--sysfs-root",
      defaultValue = AgentConfig.DEFAULT_SYSFS_ROOT,
      description = "CPU sysfs tree (default: ${DEFAULT-VALUE}).")
  Path sysfsRoot;

  @Option(
      names = "--pod-resources-socket",
      defaultValue = AgentConfig.DEFAULT_POD_RESOURCES_SOCKET,
      description = "kubelet PodResources socket (default: ${DEFAULT-VALUE}).")
  Path socket;

  @Option(
      names = "--state-dir",
      defaultValue = AgentConfig.DEFAULT_STATE_DIR,
      description = "Where the CPU snapshot is kept (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--resync",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Full recompute period (default: ${DEFAULT-VALUE}).")
  Duration resync;

  @Option(
      names = "--powercap-root",
      defaultValue = TelemetrySources.DEFAULT_POWERCAP_ROOT,
      description = "powercap tree with the intel-rapl zones (default: ${DEFAULT-VALUE}).")
  Path powercapRoot;

  @Option(
      names = "--proc-stat",
      defaultValue = TelemetrySources.DEFAULT_PROC_STAT,
      description = "Per-CPU busy time for the energy split (default: ${DEFAULT-VALUE}).")
  Path procStat;

  @Option(
      names = "--pod-metrics-limit",
      defaultValue = "0",
      description =
          "Per-pod energy and frequency series for at most this many pods; 0, the default, turns"
              + " them off.")
  int podMetricsLimit;

  @Option(
      names = "--metrics-port",
      defaultValue = "9102",
      description = "Plain-HTTP /metrics and /healthz; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--restore",
      description =
          "Put every CPU back to its snapshot, then exit (uninstall); needs only --sysfs-root and"
              + " --state-dir.")
  boolean restoreOnly;

  @Option(
      names = "--restore-defaults",
      description = {
        "Return every CPU to hardware defaults without a snapshot, delete the snapshot (the next"
            + " agent start records these defaults), print what changed per knob, exit; exits 1"
            + " naming the file when a write fails. Defaults: scaling_min/max_freq ="
            + " cpuinfo_min/max_freq; governor = the driver's default (intel_pstate, amd-pstate-epp:"
            + " powersave; else schedutil if offered, else the first offered); EPP ="
            + " balance_performance where EPP exists (the kernel's boot default on HWP); every"
            + " cpuidle state enabled (disable = 0); uncore min/max = initial_min/max_freq_khz;"
            + " turbo on (no_turbo 0, boost 1). Refuses while the agent's snapshot records tuned"
            + " CPUs (an agent runs or stopped without restoring) unless --force. Needs only"
            + " --sysfs-root and --state-dir."
      })
  boolean restoreDefaults;

  @Option(
      names = "--force",
      description =
          "With --restore-defaults: run even though the agent's snapshot records tuned CPUs; the"
              + " snapshot is deleted.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    kube.applyLogLevel();
    if (restoreOnly && restoreDefaults) {
      throw new ParameterException(
          spec.commandLine(), "--restore and --restore-defaults exclude each other");
    }
    if (force && !restoreDefaults) {
      throw new ParameterException(spec.commandLine(), "--force goes with --restore-defaults");
    }
    if (restoreOnly) {
      return restore();
    }
    if (restoreDefaults) {
      return restoreDefaults();
    }
    if (nodeName == null || nodeName.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--node-name (or NODE_NAME) is required to run the agent");
    }
    AgentConfig config =
        AgentConfig.defaults(nodeName, kube.powerNamespace())
            .withSysfsRoot(sysfsRoot)
            .withPodResourcesSocket(socket)
            .withStateDir(stateDir)
            .withResyncInterval(resync);
    // the agent's own lean client (JDK HTTP client, only its kinds): a smaller footprint per node
    KubernetesClient client = AgentKubernetesClient.build(kube.config());
    PrometheusRegistry registry = new PrometheusRegistry();
    AgentHandle agent =
        NodeAgent.start(
            config,
            client,
            registry,
            Clock.systemUTC(),
            TelemetrySources.host(powercapRoot, procStat, podMetricsLimit));
    MetricsHttpServer metrics =
        metricsPort > 0 ? MetricsHttpServer.start("0.0.0.0", metricsPort, () -> registry) : null;
    return Daemon.runUntilShutdown(
        "agent",
        () -> {
          if (metrics != null) {
            metrics.close();
          }
          agent.close();
          client.close();
        });
  }

  /**
   * {@code --restore-defaults}: needs only the sysfs root and the state directory. Prints the
   * changes per knob; exits 1 with the reason on stderr when refused (snapshot with tuned CPUs, no
   * {@code --force}), when a write fails (naming the file) or when a file does not hold its
   * default.
   */
  private int restoreDefaults() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HardwareDefaultsRestore.Result result;
    try {
      result = NodeAgent.restoreDefaults(sysfsRoot, stateDir, force);
    } catch (HardwareDefaultsRestore.Refused e) {
      err.println("agent --restore-defaults: refused: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException | RuntimeException e) {
      // a SysfsException names its file
      err.println("agent --restore-defaults: " + e.getMessage());
      err.flush();
      return 1;
    }
    if (!result.complete()) {
      err.println("agent --restore-defaults: " + result);
      err.flush();
      return 1;
    }
    out.println("agent --restore-defaults: " + result);
    out.flush();
    return 0;
  }

  /**
   * {@code --restore}: needs only the sysfs root and the state directory. Prints what was restored;
   * exits 1 with one line on stderr when a CPU could not be restored or the snapshot is missing or
   * unreadable (the snapshot then stays for another try).
   */
  private int restore() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Tuner.RestoreResult result;
    try {
      result = NodeAgent.restoreAll(sysfsRoot, stateDir);
    } catch (NoSuchFileException e) {
      err.println("agent --restore: " + e.getFile() + ": " + e.getReason());
      err.flush();
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("agent --restore: " + e.getMessage());
      err.flush();
      return 1;
    }
    if (!result.complete()) {
      err.println("agent --restore: " + result);
      err.flush();
      return 1;
    }
    out.println(result);
    out.flush();
    return 0;
  }
}
