package io.powermanager.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.KubeCaches;
import io.powermanager.agent.kube.PowerObjects;
import io.powermanager.agent.metrics.AgentMetrics;
import io.powermanager.agent.node.NodeLoop;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.agent.podresources.PodResourcesSource;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.NioSysfs;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.telemetry.TelemetryCollector;
import io.powermanager.agent.telemetry.TelemetryMetrics;
import io.powermanager.agent.telemetry.TelemetrySources;
import io.powermanager.api.kube.ClusterInformers;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's entry point.
 *
 * <pre>{@code
 * AgentHandle agent = NodeAgent.start(config, client, registry, Clock.systemUTC(), sources);
 * agent.closeOnShutdown();            // SIGTERM: stop, restore every CPU, clear the snapshot
 * ...
 * NodeAgent.restoreAll(sysfsRoot, stateDir); // power-manager agent --restore (uninstall)
 * }</pre>
 *
 * <p>Start order: discover the hardware (every online CPU), open the snapshot, make sure the
 * PowerNode exists, start the informers, start the node loop (its first recompute waits for the
 * informers to sync). Stop order is the reverse, then every snapshotted CPU is restored.
 */
public final class NodeAgent {

  private static final Logger LOGGER = LoggerFactory.getLogger(NodeAgent.class);

  private NodeAgent() {}

  /**
   * Starts an agent on the real sysfs ({@link AgentConfig#sysfsRoot()}) and kubelet socket ({@link
   * AgentConfig#podResourcesSocket()}), with telemetry from {@code telemetry} (the host's powercap
   * tree and /proc/stat); closing the handle also closes the kubelet client.
   */
  public static AgentHandle start(
      AgentConfig config,
      KubernetesClient client,
      PrometheusRegistry registry,
      Clock clock,
      TelemetrySources telemetry)
      throws IOException {
    KubeletPodResources kubelet = KubeletPodResources.connect(config.podResourcesSocket());
    try {
      return start(
          config,
          client,
          new NioSysfs(config.sysfsRoot()),
          kubelet,
          registry,
          clock,
          telemetry,
          kubelet);
    } catch (IOException | RuntimeException e) {
      kubelet.close();
      throw e;
    }
  }

  /**
   * Starts an agent on the given ports (tests and the simulator plug in the emulated sysfs and
   * kubelet), without telemetry sources beyond the CPU tree. The caller keeps ownership of {@code
   * podResources}.
   *
   * @throws IOException when the sysfs tree has no {@code online} file or the snapshot cannot be
   *     read
   */
  public static AgentHandle start(
      AgentConfig config,
      KubernetesClient client,
      SysfsPort sysfs,
      PodResourcesSource podResources,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    return start(
        config, client, sysfs, podResources, registry, clock, TelemetrySources.none(), null);
  }

  /**
   * {@link #start(AgentConfig, KubernetesClient, SysfsPort, PodResourcesSource, PrometheusRegistry,
   * Clock)} with telemetry read from {@code telemetry} (the emulated powercap tree and {@code
   * /proc/stat} in tests and the simulator).
   */
  public static AgentHandle start(
      AgentConfig config,
      KubernetesClient client,
      SysfsPort sysfs,
      PodResourcesSource podResources,
      PrometheusRegistry registry,
      Clock clock,
      TelemetrySources telemetry)
      throws IOException {
    return start(config, client, sysfs, podResources, registry, clock, telemetry, null);
  }

  private static AgentHandle start(
      AgentConfig config,
      KubernetesClient client,
      SysfsPort sysfs,
      PodResourcesSource podResources,
      PrometheusRegistry registry,
      Clock clock,
      TelemetrySources telemetrySources,
      AutoCloseable owned)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(sysfs, "sysfs");
    Objects.requireNonNull(podResources, "podResources");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    HardwareFacts hardware = HardwareDiscovery.discover(sysfs);
    SnapshotStore snapshots = SnapshotStore.open(config.stateDir());
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.NODE, config.nodeName())
        .addKeyValue(LogKeys.CPUS, hardware.online())
        .addKeyValue("driver", hardware.driver().orElse("none"))
        .addKeyValue(LogKeys.STATE_FILE, snapshots.file())
        .addKeyValue("snapshotted", snapshots.all().size())
        .log("node agent starting");
    Tuner tuner = new Tuner(sysfs, hardware, snapshots);
    PowerObjects objects =
        new PowerObjects(
            client, config.nodeName(), config.powerNamespace(), clock, config.heartbeatInterval());
    objects.ensurePowerNode();
    AgentMetrics metrics = new AgentMetrics(registry);
    TelemetryCollector telemetry =
        new TelemetryCollector(
            sysfs, hardware, telemetrySources, clock, config.heartbeatInterval().dividedBy(2));
    TelemetryMetrics.register(registry, telemetry::snapshot);
    NodeLoop[] loop = new NodeLoop[1];
    KubeCaches caches =
        KubeCaches.start(
            ClusterInformers.node(client, config.powerNamespace(), config.nodeName(), registry),
            clock,
            () -> {
              if (loop[0] != null) {
                loop[0].trigger();
              }
            });
    loop[0] =
        new NodeLoop(
            new NodeLoop.Parts(
                config.nodeName(),
                tuner,
                podResources,
                caches,
                objects,
                metrics,
                clock,
                config.resyncInterval(),
                config.heartbeatInterval(),
                telemetry));
    loop[0].start();
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.NODE, config.nodeName())
        .addKeyValue("synced", caches.synced())
        .log("node agent started");
    return new AgentHandle(config, sysfs, snapshots, hardware, caches, loop[0], objects, owned);
  }

  /**
   * Restores every CPU of the node to its snapshot and clears it, on the real sysfs: what {@code
   * power-manager agent --restore} runs on uninstall. Needs no API server, kubelet or node name.
   * The caller reports the result (which CPUs were restored, which not and why).
   *
   * @throws NoSuchFileException when {@code stateDir} does not exist (a wrong {@code --state-dir}
   *     must not pass for "nothing to restore")
   * @throws IOException when the snapshot is unreadable or malformed, or cannot be updated
   */
  public static Tuner.RestoreResult restoreAll(Path sysfsRoot, Path stateDir) throws IOException {
    return restoreAll(new NioSysfs(sysfsRoot), stateDir);
  }

  /** {@link #restoreAll(Path, Path)} on a given sysfs port. */
  public static Tuner.RestoreResult restoreAll(SysfsPort sysfs, Path stateDir) throws IOException {
    if (!Files.isDirectory(stateDir)) {
      throw new NoSuchFileException(
          stateDir.toString(), null, "no such state directory, so no snapshot to restore");
    }
    return Tuner.restore(sysfs, SnapshotStore.open(stateDir));
  }

  /**
   * {@code power-manager agent --restore-defaults}: every CPU, idle state, uncore domain and the
   * turbo switch back to hardware defaults without a snapshot, then the snapshot deleted ({@link
   * io.powermanager.agent.state.HardwareDefaultsRestore}).
   */
  public static io.powermanager.agent.state.HardwareDefaultsRestore.Result restoreDefaults(
      Path sysfsRoot, Path stateDir, boolean force)
      throws IOException, io.powermanager.agent.state.HardwareDefaultsRestore.Refused {
    return io.powermanager.agent.state.HardwareDefaultsRestore.run(
        new NioSysfs(sysfsRoot), stateDir, force);
  }
}
