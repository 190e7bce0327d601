package io.powermanager.agent.podresources;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.powermanager.domain.CpuSet;
import io.powermanager.podresources.v1.AllocatableResourcesRequest;
import io.powermanager.podresources.v1.ContainerResources;
import io.powermanager.podresources.v1.GetPodResourcesRequest;
import io.powermanager.podresources.v1.ListPodResourcesRequest;
import io.powermanager.podresources.v1.PodResources;
import io.powermanager.podresources.v1.PodResourcesListerGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's PodResources v1 API over its unix socket (grpc-netty-shaded, plaintext). The
 * generated proto types stay inside this class.
 *
 * <ul>
 *   <li>{@code RESOURCE_EXHAUSTED} (the kubelet's 100 qps / burst 10 limit) is retried here with
 *       exponential backoff ({@link Options#firstBackoff} doubling, {@link Options#maxAttempts}
 *       attempts) before {@link PodResourcesException.Kind#RATE_LIMITED} is thrown.
 *   <li>{@code UNAVAILABLE} (no socket, kubelet restarting) is thrown at once as {@link
 *       PodResourcesException.Kind#UNAVAILABLE}, and the channel's reconnect backoff is reset so
 *       the caller's next attempt connects immediately.
 *   <li>{@code Get} answered with {@code UNIMPLEMENTED}, or {@code UNKNOWN} "... disabled", marks
 *       the kubelet as lacking it ({@link #supportsGet()} false).
 * </ul>
 *
 * Thread-safe. Close to release the channel.
 */
public final class KubeletPodResources implements PodResourcesSource, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KubeletPodResources.class);

  /**
   * How calls are made.
   *
   * @param deadline per call
   * @param firstBackoff the first wait after {@code RESOURCE_EXHAUSTED}, doubled each retry
   * @param maxAttempts attempts per call when rate-limited, the first included
   * @param sleeper waits between attempts (tests record instead of sleeping)
   */
  public record Options(
      Duration deadline, Duration firstBackoff, int maxAttempts, Sleeper sleeper) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), Duration.ofMillis(20), 7, Sleeper.THREAD);
    }
  }

  /** Waits; {@link #THREAD} sleeps the calling thread. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }

  private final Path socket;
  private final ManagedChannel channel;
  private final PodResourcesListerGrpc.PodResourcesListerBlockingStub stub;
  private final Options options;
  private volatile boolean getSupported = true;

  private KubeletPodResources(Path socket, Options options) {
    this.socket = socket;
    this.options = options;
    this.channel =
        Grpc.newChannelBuilder("unix:" + socket, InsecureChannelCredentials.create())
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    this.stub = PodResourcesListerGrpc.newBlockingStub(channel);
  }

  /** A client of the kubelet at {@code socket}; nothing is connected until the first call. */
  public static KubeletPodResources connect(Path socket) {
    return connect(socket, Options.defaults());
  }

  public static KubeletPodResources connect(Path socket, Options options) {
    return new KubeletPodResources(
        Objects.requireNonNull(socket, "socket").toAbsolutePath(),
        Objects.requireNonNull(options, "options"));
  }

  public Path socket() {
    return socket;
  }

  @Override
  public List<PodCpus> list() throws PodResourcesException {
    List<PodResources> pods =
        call("List", () -> deadline().list(ListPodResourcesRequest.getDefaultInstance()))
            .getPodResourcesList();
    List<PodCpus> out = new ArrayList<>(pods.size());
    for (PodResources pod : pods) {
      out.add(toPod(pod));
    }
    return out;
  }

  @Override
  public CpuSet allocatable() throws PodResourcesException {
    return CpuSet.of(
        call(
                "GetAllocatableResources",
                () ->
                    deadline()
                        .getAllocatableResources(AllocatableResourcesRequest.getDefaultInstance()))
            .getCpuIdsList());
  }

  @Override
  public Optional<PodCpus> get(String namespace, String name) throws PodResourcesException {
    if (!getSupported) {
      throw new PodResourcesException(
          PodResourcesException.Kind.UNSUPPORTED, "kubelet at " + socket + " has no Get", null);
    }
    GetPodResourcesRequest request =
        GetPodResourcesRequest.newBuilder().setPodNamespace(namespace).setPodName(name).build();
    try {
      return Optional.of(toPod(call("Get", () -> deadline().get(request)).getPodResources()));
    } catch (PodResourcesException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        String description =
            Objects.requireNonNullElse(s.getStatus().getDescription(), "").toLowerCase(Locale.ROOT);
        if (code == Status.Code.UNIMPLEMENTED
            || (code == Status.Code.UNKNOWN && description.contains("disabled"))) {
          getSupported = false;
          LOGGER
              .atInfo()
              .addKeyValue("socket", socket)
              .log("kubelet lacks PodResources Get; using List");
          throw new PodResourcesException(
              PodResourcesException.Kind.UNSUPPORTED,
              "kubelet at " + socket + " has no Get: " + s.getStatus(),
              s);
        }
        if (code == Status.Code.UNKNOWN && description.contains("not found")) {
          return Optional.empty();
        }
      }
      throw e;
    }
  }

  @Override
  public boolean supportsGet() {
    return getSupported;
  }

  private PodResourcesListerGrpc.PodResourcesListerBlockingStub deadline() {
    return stub.withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(String rpc, Supplier<T> invocation) throws PodResourcesException {
    Duration backoff = options.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return invocation.get();
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.RESOURCE_EXHAUSTED) {
          if (attempt >= options.maxAttempts()) {
            throw new PodResourcesException(
                PodResourcesException.Kind.RATE_LIMITED,
                rpc + " on " + socket + " still rate-limited after " + attempt + " attempts",
                e);
          }
          try {
            options.sleeper().sleep(backoff);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new PodResourcesException(
                PodResourcesException.Kind.FAILED, rpc + " interrupted", ie);
          }
          backoff = backoff.multipliedBy(2);
          continue;
        }
        if (code == Status.Code.UNAVAILABLE) {
          channel.resetConnectBackoff();
          throw new PodResourcesException(
              PodResourcesException.Kind.UNAVAILABLE,
              rpc + ": no kubelet answers on " + socket + ": " + e.getStatus().getDescription(),
              e);
        }
        throw new PodResourcesException(
            PodResourcesException.Kind.FAILED,
            rpc + " on " + socket + " failed: " + e.getStatus(),
            e);
      }
    }
  }

  private static PodCpus toPod(PodResources pod) {
    List<PodCpus.ContainerCpus> containers = new ArrayList<>(pod.getContainersCount());
    for (ContainerResources c : pod.getContainersList()) {
      containers.add(new PodCpus.ContainerCpus(c.getName(), CpuSet.of(c.getCpuIdsList())));
    }
    return new PodCpus(pod.getNamespace(), pod.getName(), containers);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KubeletPodResources[" + socket + "]";
  }
}
