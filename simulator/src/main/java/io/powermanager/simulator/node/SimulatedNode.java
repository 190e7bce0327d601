package io.powermanager.simulator.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.powermanager.agent.metrics.MetricsHttpServer;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.telemetry.TelemetrySources;
import io.powermanager.domain.CpuSet;
import io.powermanager.simulator.SimulatorOptions;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.sysfs.EmulatedPowercap;
import io.powermanager.testkit.sysfs.EmulatedProcStat;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.EmulatedTelemetry;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One emulated machine: its sysfs tree of a {@link HardwareModel} (the boot settings remembered),
 * its kubelet (static CPU manager, CPUs 0 and 1 reserved, PodResources on a unix socket), the
 * directory its agent keeps state in, and the Node object it registers. Thread-safe.
 */
public final class SimulatedNode implements AutoCloseable {

  /**
   * Labels every simulated node carries, beside {@code kubernetes.io/hostname}: the seed's
   * PowerConfig selects {@code appqos-node}, Intel v2's {@code power-node}.
   */
  public static final Map<String, String> LABELS =
      Map.of(
          "feature.node.kubernetes.io/appqos-node", "true",
          "feature.node.kubernetes.io/power-node", "true",
          "kubernetes.io/os", "linux",
          "kubernetes.io/arch", "amd64");

  /** What every node offers beside CPUs: memory and pod slots. */
  public static final String MEMORY = "32Gi";

  public static final int MAX_PODS = 110;

  /**
   * The device plugin's extended resource every simulated kubelet hands out as CPUs (StarlingX's
   * {@code windriver.com/isolcpus}): a container asking N of it gets N free allocatable CPUs in its
   * {@code cpu_ids}, whatever its QoS class. The Node offers as many as it has allocatable CPUs.
   */
  public static final String CPU_DEVICE = "windriver.com/isolcpus";

  private final String name;
  private final int index;
  private final EmulatedSysfs sysfs;
  private final EmulatedKubelet kubelet;
  private final SysfsPort port;
  private final Path stateDir;
  private final Map<Integer, CpuReading> boot;
  private final EmulatedTelemetry telemetry;
  private final MetricsHttpServer metrics;
  private final AtomicReference<PrometheusRegistry> agentRegistry;

  /** How often the node's energy, idle and /proc/stat counters advance. */
  public static final Duration TELEMETRY_TICK = Duration.ofSeconds(5);

  /** Per-pod telemetry series each simulated agent keeps (at most). */
  public static final int POD_METRICS_LIMIT = 32;

  private SimulatedNode(
      String name,
      int index,
      EmulatedSysfs sysfs,
      EmulatedKubelet kubelet,
      WriteListener onWrite,
      Path stateDir,
      EmulatedTelemetry telemetry,
      MetricsHttpServer metrics,
      AtomicReference<PrometheusRegistry> agentRegistry) {
    this.name = name;
    this.telemetry = telemetry;
    this.metrics = metrics;
    this.agentRegistry = agentRegistry;
    this.index = index;
    this.sysfs = sysfs;
    this.kubelet = kubelet;
    this.stateDir = stateDir;
    this.port =
        SysfsPort.of(
            sysfs::read,
            (path, value) -> {
              sysfs.write(path, value);
              onWrite.written(name, path);
            },
            sysfs::exists,
            sysfs::list);
    this.boot = readAll();
  }

  /**
   * Lays out the node's sysfs tree and starts its kubelet.
   *
   * @param index 1-based; the node is {@code node-<index>}
   * @param sysfsRoot where the tree goes ({@code .../cpu}); empty keeps it in memory
   * @param socket the kubelet's PodResources socket
   * @param stateDir the agent's state directory
   * @param onWrite told of every accepted sysfs write made through {@link #sysfsPort()}, on the
   *     writing thread
   */
  public static SimulatedNode start(
      int index,
      HardwareModel hardware,
      Optional<Path> sysfsRoot,
      Path socket,
      Path stateDir,
      WriteListener onWrite)
      throws IOException {
    Objects.requireNonNull(onWrite, "onWrite");
    SimulatorOptions.checkHardware(hardware);
    String name = SimulatorOptions.nodeName(index);
    EmulatedSysfs sysfs =
        sysfsRoot.isPresent()
            ? EmulatedSysfs.create(sysfsRoot.get(), hardware)
            : EmulatedSysfs.inMemory(hardware);
    Files.createDirectories(stateDir);
    Optional<EmulatedPowercap> powercap =
        sysfsRoot.isPresent()
            ? EmulatedPowercap.create(sysfsRoot.get().resolveSibling("powercap"), hardware)
            : EmulatedPowercap.inMemory(hardware);
    EmulatedProcStat procStat =
        sysfsRoot.isPresent()
            ? EmulatedProcStat.create(
                sysfsRoot.get().resolveSibling("proc").resolve("stat"), hardware)
            : EmulatedProcStat.inMemory(hardware);
    EmulatedTelemetry telemetry =
        new EmulatedTelemetry(sysfs, powercap, procStat, Clock.systemUTC()).ticking(TELEMETRY_TICK);
    AtomicReference<PrometheusRegistry> registry = new AtomicReference<>();
    MetricsHttpServer metrics = MetricsHttpServer.start("127.0.0.1", 0, registry::get);
    EmulatedKubelet kubelet =
        EmulatedKubelet.builder(socket, hardware.online(), SimulatorOptions.RESERVED_CPUS)
            .cpuDevice(CPU_DEVICE)
            .build()
            .start();
    return new SimulatedNode(
        name, index, sysfs, kubelet, onWrite, stateDir, telemetry, metrics, registry);
  }

  public String name() {
    return name;
  }

  /** 1-based position: {@code node-<index>}. */
  public int index() {
    return index;
  }

  public EmulatedSysfs sysfs() {
    return sysfs;
  }

  /** The sysfs port agents use: the emulated tree, with every accepted write reported. */
  public SysfsPort sysfsPort() {
    return port;
  }

  public EmulatedKubelet kubelet() {
    return kubelet;
  }

  public HardwareModel hardware() {
    return sysfs.model();
  }

  /** The directory standing for {@code /sys/devices/system/cpu}; empty when kept in memory. */
  public Optional<Path> sysfsRoot() {
    return sysfs.root();
  }

  public Path podResourcesSocket() {
    return kubelet.socket();
  }

  public Path stateDir() {
    return stateDir;
  }

  /**
   * The load of a container's exclusive CPUs in the telemetry model: a pod with exclusive CPUs
   * keeps them busy (CPUs nobody holds exclusively stay at {@link EmulatedSysfs#DEFAULT_BUSY}).
   */
  public static final double EXCLUSIVE_BUSY = 0.9;

  /** Marks CPUs the kubelet gave a container exclusively as {@link #EXCLUSIVE_BUSY}. */
  public void loadExclusive(CpuSet cpus) {
    cpus.forEach(cpu -> sysfs.busy(cpu, EXCLUSIVE_BUSY));
  }

  /** Puts released exclusive CPUs back to the default load. */
  public void unloadExclusive(CpuSet cpus) {
    cpus.forEach(cpu -> sysfs.busy(cpu, EmulatedSysfs.DEFAULT_BUSY));
  }

  /** The counters that advance with time: RAPL energy (when the model has it), idle, /proc/stat. */
  public EmulatedTelemetry telemetry() {
    return telemetry;
  }

  /** What this node's agent reads its telemetry from: the emulated powercap and /proc/stat. */
  public TelemetrySources telemetrySources() {
    Optional<SysfsPort> powercap =
        telemetry.powercap().map(p -> SysfsPort.of(p::read, p::write, p::exists));
    EmulatedProcStat stat = telemetry.procStat();
    return new TelemetrySources(powercap, Optional.of(stat::read), POD_METRICS_LIMIT);
  }

  /**
   * The node's agent metrics endpoint, {@code http://127.0.0.1:PORT/metrics}: up from the node's
   * start, it answers 503 until an agent runs here and then serves that agent's registry.
   */
  public String metricsUrl() {
    return metrics.url();
  }

  /** Serves this registry at {@link #metricsUrl()} (the agent that now runs here); null: none. */
  public void serveAgentMetrics(PrometheusRegistry registry) {
    agentRegistry.set(registry);
  }

  /** Every online CPU's settings as they were when the node booted. */
  public Map<Integer, CpuReading> bootSettings() {
    return boot;
  }

  /** Every online CPU's settings now. */
  public Map<Integer, CpuReading> readAll() {
    Map<Integer, CpuReading> readings = new TreeMap<>();
    for (int cpu : sysfs.model().online()) {
      readings.put(cpu, CpuReading.of(sysfs, cpu));
    }
    return readings;
  }

  /** The CPUs whose settings differ from boot. */
  public CpuSet changedSinceBoot() {
    Map<Integer, CpuReading> now = readAll();
    return CpuSet.of(
        now.entrySet().stream()
            .filter(e -> !e.getValue().sameSettings(boot.get(e.getKey())))
            .map(Map.Entry::getKey)
            .toList());
  }

  /**
   * The Node object the kubelet registers: labels {@code kubernetes.io/hostname} and {@link
   * #LABELS}; capacity cpu = online CPUs, allocatable cpu = online minus the 2 reserved (as the
   * kubelet computes it with {@code --reserved-cpus}); {@value #MEMORY} memory, {@value #MAX_PODS}
   * pods, as many {@value #CPU_DEVICE} as allocatable CPUs; Ready.
   */
  public Node nodeObject(String kubeletVersion, String now) {
    int cpus = sysfs.model().online().size();
    int allocatable = kubelet.allocatable().size();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.putAll(new TreeMap<>(LABELS));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .addToCapacity("cpu", new Quantity(Integer.toString(cpus)))
        .addToCapacity("memory", new Quantity(MEMORY))
        .addToCapacity("pods", new Quantity(Integer.toString(MAX_PODS)))
        .addToAllocatable("cpu", new Quantity(Integer.toString(allocatable)))
        .addToAllocatable("memory", new Quantity(MEMORY))
        .addToAllocatable("pods", new Quantity(Integer.toString(MAX_PODS)))
        .addToCapacity(CPU_DEVICE, new Quantity(Integer.toString(allocatable)))
        .addToAllocatable(CPU_DEVICE, new Quantity(Integer.toString(allocatable)))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("kubelet is posting ready status (simulated)")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("127.0.0.1")
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withOsImage("power-manager simulator (" + sysfs.model().name() + ")")
        .withKernelVersion("emulated")
        .withContainerRuntimeVersion("emulated://1.0")
        .withKubeletVersion(kubeletVersion)
        .withKubeProxyVersion(kubeletVersion)
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(name)
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** Hears of the sysfs writes the node accepted. */
  @FunctionalInterface
  public interface WriteListener {
    /**
     * @param node the node's name
     * @param path the file written, relative to the sysfs root
     */
    void written(String node, String path);
  }

  /** Stops the kubelet (its socket goes). The sysfs tree stays as it is. */
  @Override
  public void close() {
    telemetry.close();
    metrics.close();
    kubelet.close();
  }

  @Override
  public String toString() {
    return name + "[" + sysfs.model().name() + ", socket " + kubelet.socket() + "]";
  }
}
