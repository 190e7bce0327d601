package io.powermanager.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The node agent's configuration, built by the composition root from flags (environment variables
 * {@code NODE_NAME} and {@code POWER_NAMESPACE} only as flag defaults there).
 *
 * @param nodeName the Kubernetes node this agent runs on
 * @param powerNamespace where PowerProfiles, PowerWorkloads and PowerNodes live
 * @param sysfsRoot the CPU sysfs tree, normally {@value #DEFAULT_SYSFS_ROOT}
 * @param podResourcesSocket the kubelet's PodResources socket, normally {@value
 *     #DEFAULT_POD_RESOURCES_SOCKET}
 * @param stateDir where the CPU snapshot is kept (a hostPath), normally {@value #DEFAULT_STATE_DIR}
 * @param resyncInterval how often the whole node is recomputed without any event
 * @param heartbeatInterval how often the PowerNode heartbeat is refreshed
 */
public record AgentConfig(
    String nodeName,
    String powerNamespace,
    Path sysfsRoot,
    Path podResourcesSocket,
    Path stateDir,
    Duration resyncInterval,
    Duration heartbeatInterval) {

  public static final String DEFAULT_SYSFS_ROOT = "/sys/devices/system/cpu";
  public static final String DEFAULT_POD_RESOURCES_SOCKET =
      "/var/lib/kubelet/pod-resources/kubelet.sock";
  public static final String DEFAULT_STATE_DIR = "/var/lib/power-manager";
  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(60);

  public AgentConfig {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("nodeName is required (flag --node-name or NODE_NAME)");
    }
    if (powerNamespace == null || powerNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "powerNamespace is required (flag --power-namespace or POWER_NAMESPACE)");
    }
    Objects.requireNonNull(sysfsRoot, "sysfsRoot");
    Objects.requireNonNull(podResourcesSocket, "podResourcesSocket");
    Objects.requireNonNull(stateDir, "stateDir");
    positive("resyncInterval", resyncInterval);
    positive("heartbeatInterval", heartbeatInterval);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** The defaults above for a node and namespace, heartbeat every {@code Heartbeat.INTERVAL}. */
  public static AgentConfig defaults(String nodeName, String powerNamespace) {
    return new AgentConfig(
        nodeName,
        powerNamespace,
        Path.of(DEFAULT_SYSFS_ROOT),
        Path.of(DEFAULT_POD_RESOURCES_SOCKET),
        Path.of(DEFAULT_STATE_DIR),
        DEFAULT_RESYNC,
        io.powermanager.domain.node.Heartbeat.INTERVAL);
  }

  public AgentConfig withSysfsRoot(Path path) {
    return new AgentConfig(
        nodeName,
        powerNamespace,
        path,
        podResourcesSocket,
        stateDir,
        resyncInterval,
        heartbeatInterval);
  }

  public AgentConfig withPodResourcesSocket(Path path) {
    return new AgentConfig(
        nodeName, powerNamespace, sysfsRoot, path, stateDir, resyncInterval, heartbeatInterval);
  }

  public AgentConfig withStateDir(Path path) {
    return new AgentConfig(
        nodeName,
        powerNamespace,
        sysfsRoot,
        podResourcesSocket,
        path,
        resyncInterval,
        heartbeatInterval);
  }

  public AgentConfig withResyncInterval(Duration d) {
    return new AgentConfig(
        nodeName, powerNamespace, sysfsRoot, podResourcesSocket, stateDir, d, heartbeatInterval);
  }

  public AgentConfig withHeartbeatInterval(Duration d) {
    return new AgentConfig(
        nodeName, powerNamespace, sysfsRoot, podResourcesSocket, stateDir, resyncInterval, d);
  }
}
