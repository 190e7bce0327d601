package io.powermanager.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.powermanager.domain.CpuSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated kubelet: the PodResources v1 gRPC API (contracts §3) on a real unix domain socket,
 * backed by a static CPU manager.
 *
 * <p><b>CPU manager.</b> Allocatable CPUs are online minus reserved. {@link #admit(Pod)} gives each
 * app container of a {@link QosClass#GUARANTEED} pod whose cpu request is a whole number N exactly
 * N exclusive CPUs: the N lowest free allocatable ids, container by container in spec order (no
 * topology awareness: whole physical cores are not preferred). Every other container gets none and
 * runs on the shared pool (allocatable minus all exclusive CPUs). Init containers count for the QoS
 * class but get no CPUs. Admission is all-or-nothing: when the CPUs do not fit it throws {@link
 * KubeletAdmissionException} and allocates nothing. {@link #remove(String, String, String)} frees a
 * pod's CPUs. With {@link Builder#cpuDevice(String)} a device plugin's resource is counted as CPUs,
 * as StarlingX's {@code windriver.com/isolcpus}: a container of any QoS class requesting N of it
 * gets N CPUs the same way, and they are listed in its {@code cpu_ids}. State survives {@link
 * #stop()}/{@link #start()}, as the kubelet's checkpoint does.
 *
 * <p><b>RPCs.</b> {@code List} returns every admitted pod in admission order with each app
 * container and its exclusive {@code cpu_ids} (empty for shared containers; pod-level {@code
 * cpu_ids}, devices and memory stay empty). {@code GetAllocatableResources} returns the allocatable
 * {@code cpu_ids}. {@code Get} answers per {@link GetSupport}; an unknown pod is {@code UNKNOWN}
 * "pod NAME in namespace NS not found". A token bucket (default {@value #DEFAULT_QPS} qps, burst
 * {@value #DEFAULT_BURST}) guards every call; beyond it calls fail with {@code RESOURCE_EXHAUSTED}
 * "rejected by rate limit".
 *
 * <p><b>Lifecycle.</b> {@link #start()} binds the socket (removing a stale socket file first, as
 * the kubelet does); {@link #stop()} closes the server and removes the socket file; both may be
 * repeated to emulate kubelet restarts. Needs Linux epoll (grpc-netty-shaded's native transport).
 *
 * <p>Thread-safe.
 */
public final class EmulatedKubelet implements AutoCloseable {

  /** The kubelet's {@code DefaultQPS} for the PodResources API. */
  public static final double DEFAULT_QPS = 100;

  /** The kubelet's {@code DefaultBurstTokens} for the PodResources API. */
  public static final int DEFAULT_BURST = 10;

  /** The longest unix socket path Linux accepts, in bytes ({@code sun_path} minus the NUL). */
  public static final int MAX_SOCKET_PATH_BYTES = 107;

  private static final Logger LOGGER = LoggerFactory.getLogger(EmulatedKubelet.class);

  private final Path socket;
  private final CpuSet online;
  private final CpuSet reserved;
  private final CpuSet allocatable;
  private final double qps;
  private final int burst;
  private final GetSupport getSupport;
  private final Optional<String> cpuDevice;
  private final Object stateLock = new Object();
  private final Map<String, AdmittedPod> podsByUid = new LinkedHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final Object lifecycleLock = new Object();
  private Server server;
  private EventLoopGroup eventLoop;

  private EmulatedKubelet(Builder builder) {
    this.socket = builder.socket;
    this.online = builder.online;
    this.reserved = builder.reserved;
    this.allocatable = builder.online.minus(builder.reserved);
    this.qps = builder.qps;
    this.burst = builder.burst;
    this.getSupport = builder.getSupport;
    this.cpuDevice = builder.cpuDevice;
  }

  /**
   * Starts describing a kubelet; nothing is bound until {@link #start()}.
   *
   * @param socket the unix socket path (at most {@value #MAX_SOCKET_PATH_BYTES} bytes absolute)
   * @param online the node's online CPUs
   * @param reserved the CPUs kept from pods ({@code --reserved-cpus}); must be online
   */
  public static Builder builder(Path socket, CpuSet online, CpuSet reserved) {
    return new Builder(socket, online, reserved);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Binds the socket and serves; returns this.
   *
   * @throws IllegalStateException when already running
   * @throws IOException when epoll is unavailable or the socket cannot be bound
   */
  public EmulatedKubelet start() throws IOException {
    synchronized (lifecycleLock) {
      if (server != null) {
        throw new IllegalStateException("emulated kubelet already serves " + socket);
      }
      if (!Epoll.isAvailable()) {
        throw new IOException(
            "emulated kubelet needs Linux epoll for unix sockets", Epoll.unavailabilityCause());
      }
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
      TokenBucket bucket = qps > 0 ? new TokenBucket(qps, burst, System::nanoTime) : null;
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      Server started;
      try {
        started =
            NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .directExecutor()
                .addService(
                    ServerInterceptors.intercept(
                        new PodResourcesService(this),
                        new RateLimitInterceptor(bucket, calls::incrementAndGet)))
                .build()
                .start();
      } catch (IOException | RuntimeException e) {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        throw e;
      }
      server = started;
      eventLoop = group;
      LOGGER
          .atInfo()
          .addKeyValue("socket", socket)
          .addKeyValue("allocatable", allocatable)
          .log("emulated kubelet serving PodResources");
      return this;
    }
  }

  /** Stops serving and removes the socket file; a no-op when not running. */
  public void stop() {
    synchronized (lifecycleLock) {
      if (server == null) {
        return;
      }
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
      server = null;
      eventLoop = null;
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOGGER.atWarn().addKeyValue("socket", socket).setCause(e).log("socket file not removed");
      }
      LOGGER.atInfo().addKeyValue("socket", socket).log("emulated kubelet stopped");
    }
  }

  /** Whether the server is bound and serving. */
  public boolean isRunning() {
    synchronized (lifecycleLock) {
      return server != null;
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  // ---------------------------------------------------------------- the CPU manager

  /**
   * Admits a pod: computes its QoS class and gives exclusive CPUs per the class comment.
   *
   * @return what the pod got
   * @throws IllegalArgumentException when the pod lacks a name or UID
   * @throws IllegalStateException when a pod with this UID is already admitted
   * @throws KubeletAdmissionException when the exclusive CPUs do not fit; nothing is allocated
   */
  public AdmittedPod admit(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    if (meta == null || blank(meta.getName()) || blank(meta.getUid())) {
      throw new IllegalArgumentException(
          "pod to admit needs metadata.name and metadata.uid, got "
              + (meta == null ? "no metadata" : meta.getName() + " / uid " + meta.getUid()));
    }
    String namespace = blank(meta.getNamespace()) ? "default" : meta.getNamespace();
    List<Container> containers =
        pod.getSpec() == null || pod.getSpec().getContainers() == null
            ? List.of()
            : pod.getSpec().getContainers();
    QosClass qos = QosClass.of(pod);
    synchronized (stateLock) {
      if (podsByUid.containsKey(meta.getUid())) {
        throw new IllegalStateException(
            "pod " + namespace + "/" + meta.getName() + " uid " + meta.getUid() + " is admitted");
      }
      CpuSet free = allocatable.minus(exclusiveCpusLocked());
      List<AdmittedContainer> admitted = new ArrayList<>();
      for (Container container : containers) {
        int devices = cpuDevice.flatMap(d -> QosClass.integerRequest(container, d)).orElse(0);
        int wanted =
            devices > 0
                ? devices
                : qos == QosClass.GUARANTEED ? QosClass.integerCpuRequest(container).orElse(0) : 0;
        if (wanted > free.size()) {
          throw new KubeletAdmissionException(
              "pod "
                  + namespace
                  + "/"
                  + meta.getName()
                  + " container "
                  + container.getName()
                  + ": not enough cpus available to satisfy request: requested="
                  + wanted
                  + ", available="
                  + free.size());
        }
        CpuSet cpus = free.firstN(wanted);
        free = free.minus(cpus);
        admitted.add(new AdmittedContainer(container.getName(), cpus));
      }
      AdmittedPod result = new AdmittedPod(namespace, meta.getName(), meta.getUid(), qos, admitted);
      podsByUid.put(result.uid(), result);
      LOGGER
          .atDebug()
          .addKeyValue("pod", result)
          .addKeyValue("cpus", result.exclusiveCpus())
          .log("pod admitted");
      return result;
    }
  }

  /**
   * Removes a pod (deleted, Succeeded or Failed) and frees its CPUs; all three keys must match.
   *
   * @return whether such a pod was admitted
   */
  public boolean remove(String namespace, String name, String uid) {
    synchronized (stateLock) {
      AdmittedPod pod = podsByUid.get(uid);
      if (pod == null || !pod.namespace().equals(namespace) || !pod.name().equals(name)) {
        return false;
      }
      podsByUid.remove(uid);
      return true;
    }
  }

  /** The admitted pods in admission order. */
  public List<AdmittedPod> pods() {
    synchronized (stateLock) {
      return List.copyOf(podsByUid.values());
    }
  }

  /** One admitted pod by UID. */
  public Optional<AdmittedPod> pod(String uid) {
    synchronized (stateLock) {
      return Optional.ofNullable(podsByUid.get(uid));
    }
  }

  /** Every CPU held exclusively by some container. */
  public CpuSet exclusiveCpus() {
    synchronized (stateLock) {
      return exclusiveCpusLocked();
    }
  }

  private CpuSet exclusiveCpusLocked() {
    CpuSet all = CpuSet.empty();
    for (AdmittedPod pod : podsByUid.values()) {
      all = all.union(pod.exclusiveCpus());
    }
    return all;
  }

  /** The shared pool: allocatable minus every exclusive CPU. */
  public CpuSet sharedCpus() {
    return allocatable.minus(exclusiveCpus());
  }

  public CpuSet online() {
    return online;
  }

  public CpuSet reserved() {
    return reserved;
  }

  /** Online minus reserved: what {@code GetAllocatableResources} returns. */
  public CpuSet allocatable() {
    return allocatable;
  }

  public Path socket() {
    return socket;
  }

  public GetSupport getSupport() {
    return getSupport;
  }

  /** Every RPC that reached the server, rate-limited ones included. */
  public long callCount() {
    return calls.get();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "EmulatedKubelet[" + socket + ", allocatable " + allocatable + "]";
  }

  /** Configures an {@link EmulatedKubelet}. Not thread-safe. */
  public static final class Builder {
    private final Path socket;
    private final CpuSet online;
    private final CpuSet reserved;
    private double qps = DEFAULT_QPS;
    private int burst = DEFAULT_BURST;
    private GetSupport getSupport = GetSupport.ENABLED;
    private Optional<String> cpuDevice = Optional.empty();

    private Builder(Path socket, CpuSet online, CpuSet reserved) {
      Objects.requireNonNull(socket, "socket");
      Objects.requireNonNull(online, "online");
      Objects.requireNonNull(reserved, "reserved");
      Path absolute = socket.toAbsolutePath().normalize();
      int length = absolute.toString().getBytes(StandardCharsets.UTF_8).length;
      if (length > MAX_SOCKET_PATH_BYTES) {
        throw new IllegalArgumentException(
            "socket path "
                + absolute
                + " is "
                + length
                + " bytes; unix sockets allow "
                + MAX_SOCKET_PATH_BYTES);
      }
      if (!online.containsAll(reserved)) {
        throw new IllegalArgumentException(
            "reserved CPUs " + reserved + " are not all online (" + online + ")");
      }
      this.socket = absolute;
      this.online = online;
      this.reserved = reserved;
    }

    /** The token bucket: {@code qps} tokens a second, at most {@code burst} at once. */
    public Builder rateLimit(double qps, int burst) {
      if (!(qps > 0) || burst < 1) {
        throw new IllegalArgumentException(
            "rate limit needs qps > 0 and burst ≥ 1, got qps " + qps + " burst " + burst);
      }
      this.qps = qps;
      this.burst = burst;
      return this;
    }

    /** No rate limit at all. */
    public Builder noRateLimit() {
      this.qps = 0;
      this.burst = 0;
      return this;
    }

    /** How {@code Get} answers; default {@link GetSupport#ENABLED}. */
    public Builder getSupport(GetSupport support) {
      this.getSupport = Objects.requireNonNull(support, "support");
      return this;
    }

    /**
     * A device plugin's extended resource whose allocation is CPUs (StarlingX's behaviour): a
     * container requesting N of it gets N free CPUs in its {@code cpu_ids}, whatever its QoS.
     */
    public Builder cpuDevice(String resource) {
      this.cpuDevice = Optional.of(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /** The kubelet, not yet started. */
    public EmulatedKubelet build() {
      return new EmulatedKubelet(this);
    }
  }
}
