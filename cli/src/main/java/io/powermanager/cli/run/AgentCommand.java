package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.cli.DurationConverter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code power-manager agent}: the composition root of the node agent DaemonSet. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node agent: tune this node's CPUs for the pods on it, publish its PowerNode.",
      "SIGTERM restores every CPU the agent touched; --restore does only that and exits."
    })
public final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = "--node-name",
      defaultValue = "${env:NODE_NAME:-}",
      description = "This node (default: $NODE_NAME).")
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
      names = "--restore",
      description = "Put every CPU back to its snapshot, then exit (uninstall).")
  boolean restoreOnly;

  @Override
  public Integer call() throws Exception {
    kube.applyLogLevel();
    AgentConfig config =
        AgentConfig.defaults(nodeName, kube.powerNamespace())
            .withSysfsRoot(sysfsRoot)
            .withPodResourcesSocket(socket)
            .withStateDir(stateDir)
            .withResyncInterval(resync);
    if (restoreOnly) {
      var result = NodeAgent.restoreAll(config);
      spec.commandLine().getOut().println("restored " + result);
      spec.commandLine().getOut().flush();
      return 0;
    }
    // the agent's own lean client (JDK HTTP client, only its kinds): a smaller footprint per node
    KubernetesClient client = AgentKubernetesClient.build(kube.config());
    AgentHandle agent =
        NodeAgent.start(config, client, new PrometheusRegistry(), Clock.systemUTC());
    return Daemon.runUntilShutdown(
        "agent",
        () -> {
          agent.close();
          client.close();
        });
  }
}
