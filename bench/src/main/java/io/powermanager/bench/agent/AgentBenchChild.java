package io.powermanager.bench.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.kube.AgentKubernetesClient;
import io.powermanager.agent.node.NodeLoop;
import io.powermanager.agent.telemetry.TelemetrySources;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The agent alone in its own JVM, as {@link AgentBench} starts it to measure its resident memory:
 * the real adapters (files under a sysfs root, the kubelet's unix socket, an API server URL).
 * Prints {@code CONVERGED <pods>} once every power pod is tuned; then answers {@code resync} with
 * {@code RESYNC <writes>} (a forced whole-node recompute) and exits on {@code quit} or end of
 * input. The agent runs on {@link AgentKubernetesClient}, its production client.
 *
 * <p>Arguments: apiUrl node namespace sysfsRoot socket stateDir expectedPods caFile (the API
 * server's CA, as a pod's service account gives it).
 */
public final class AgentBenchChild {

  private AgentBenchChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println(
          "usage: AgentBenchChild apiUrl node namespace sysfsRoot socket stateDir expectedPods"
              + " caFile");
      System.exit(2);
    }
    Config kube =
        new ConfigBuilder()
            .withMasterUrl(args[0])
            .withCaCertFile(args[7])
            .withRequestTimeout(10_000)
            .build();
    int expectedPods = Integer.parseInt(args[6]);
    AgentConfig config =
        AgentConfig.defaults(args[1], args[2])
            .withSysfsRoot(Path.of(args[3]))
            .withPodResourcesSocket(Path.of(args[4]))
            .withStateDir(Path.of(args[5]))
            .withResyncInterval(Duration.ofSeconds(60));
    try (KubernetesClient client = AgentKubernetesClient.build(kube)) {
      AgentHandle agent =
          NodeAgent.start(
              config,
              client,
              new PrometheusRegistry(),
              Clock.systemUTC(),
              TelemetrySources.host(
                  Path.of(args[3]).resolveSibling("powercap"),
                  Path.of(TelemetrySources.DEFAULT_PROC_STAT),
                  0));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        NodeLoop.Result r = agent.lastResult().orElse(null);
        if (r != null && r.report().tunedPods().size() >= expectedPods) {
          System.out.println("CONVERGED " + r.report().tunedPods().size());
          break;
        }
        if (System.nanoTime() > deadline) {
          System.out.println("TIMEOUT " + (r == null ? 0 : r.report().tunedPods().size()));
          agent.halt();
          System.exit(1);
        }
        agent.trigger();
        Thread.sleep(50);
      }
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("resync")) {
          NodeLoop.Result r = agent.recompute().get(30, TimeUnit.SECONDS);
          System.out.println("RESYNC " + r.outcome().applied().written().size());
          System.out.flush();
        } else if (line.equals("quit")) {
          break;
        }
      }
      agent.close();
    }
    System.exit(0);
  }
}
