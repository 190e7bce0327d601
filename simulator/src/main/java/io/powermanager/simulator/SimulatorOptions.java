package io.powermanager.simulator;

import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SimulatedCluster} is built. Immutable.
 *
 * @param nodes how many nodes ({@code node-1} .. {@code node-N}), at least 1
 * @param hardware every node's CPUs; at least {@value #MIN_CPUS} online CPUs including 0 and 1,
 *     which the emulated kubelets reserve
 * @param workdir where certificates, sysfs trees, agent state, the kubeconfig and {@code
 *     endpoints.json} go; created when missing
 * @param sysfsDir where the sysfs trees go ({@code <dir>/<node>/cpu}); empty keeps them in memory
 *     (no files: for benchmarks with many or large nodes)
 * @param socketDir where the kubelets' unix sockets go; unix socket paths are limited to 107 bytes,
 *     so keep it short ({@code /tmp/...})
 * @param powerNamespace the namespace of every power object ({@code default}, so the seed's YAML
 *     applies verbatim; {@code intel-power} for Intel v2's); created when missing
 * @param agentResync how often each agent recomputes its node without an event
 * @param heartbeat how often each agent refreshes its PowerNode heartbeat
 */
public record SimulatorOptions(
    int nodes,
    HardwareModel hardware,
    Path workdir,
    Optional<Path> sysfsDir,
    Path socketDir,
    String powerNamespace,
    Duration agentResync,
    Duration heartbeat,
    Clock clock) {

  /** CPUs 0 and 1 reserved by the kubelet plus at least two a pod can have. */
  public static final int MIN_CPUS = 4;

  /** The kubelets' {@code --reserved-cpus}, as in the seed's shared workload. */
  public static final CpuSet RESERVED_CPUS = CpuSet.of(0, 1);

  public static final String DEFAULT_NAMESPACE = "default";

  public SimulatorOptions {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
    }
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(workdir, "workdir");
    Objects.requireNonNull(sysfsDir, "sysfsDir");
    Objects.requireNonNull(socketDir, "socketDir");
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(agentResync, "agentResync");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(clock, "clock");
    checkHardware(hardware);
  }

  /**
   * Refuses hardware the simulated kubelets cannot run: fewer than {@value #MIN_CPUS} online CPUs,
   * or CPU 0 or 1 offline.
   *
   * @throws IllegalArgumentException naming the model and its online CPUs
   */
  public static void checkHardware(HardwareModel hardware) {
    CpuSet online = hardware.online();
    if (online.size() < MIN_CPUS || !online.containsAll(RESERVED_CPUS)) {
      throw new IllegalArgumentException(
          "hardware "
              + hardware.name()
              + " has online CPUs "
              + online
              + "; the simulated kubelet reserves CPUs "
              + RESERVED_CPUS
              + " and pods need at least 2 more, so a node needs at least "
              + MIN_CPUS
              + " CPUs including 0 and 1");
    }
  }

  /**
   * {@code nodes} nodes of {@code hardware} under {@code workdir} (sysfs trees in {@code
   * <workdir>/nodes}), sockets in {@code socketDir}, namespace {@code default}, agents resyncing
   * every 60 s with a 30 s heartbeat.
   */
  public static SimulatorOptions of(
      int nodes, HardwareModel hardware, Path workdir, Path socketDir) {
    return new SimulatorOptions(
        nodes,
        hardware,
        workdir,
        Optional.of(workdir.resolve("nodes")),
        socketDir,
        DEFAULT_NAMESPACE,
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  public SimulatorOptions withSysfsDir(Optional<Path> dir) {
    return new SimulatorOptions(
        nodes, hardware, workdir, dir, socketDir, powerNamespace, agentResync, heartbeat, clock);
  }

  public SimulatorOptions withAgentResync(Duration resync) {
    return new SimulatorOptions(
        nodes, hardware, workdir, sysfsDir, socketDir, powerNamespace, resync, heartbeat, clock);
  }

  public SimulatorOptions withHeartbeat(Duration interval) {
    return new SimulatorOptions(
        nodes,
        hardware,
        workdir,
        sysfsDir,
        socketDir,
        powerNamespace,
        agentResync,
        interval,
        clock);
  }

  /**
   * The namespace of the power objects (PowerConfig, profiles, workloads, nodes), e.g. {@code
   * intel-power} for Intel v2's manifests; the simulator creates it.
   */
  public SimulatorOptions withPowerNamespace(String namespace) {
    return new SimulatorOptions(
        nodes, hardware, workdir, sysfsDir, socketDir, namespace, agentResync, heartbeat, clock);
  }

  /**
   * The clock of the whole cluster (manager, agents, kubelets, scheduler), e.g. a virtual {@code
   * ScaledClock} for a demo of schedules; certificates are issued on the real clock.
   */
  public SimulatorOptions withClock(Clock clock) {
    return new SimulatorOptions(
        nodes,
        hardware,
        workdir,
        sysfsDir,
        socketDir,
        powerNamespace,
        agentResync,
        heartbeat,
        clock);
  }

  /** {@code node-1} .. {@code node-N}. */
  public static String nodeName(int index) {
    return "node-" + index;
  }
}
