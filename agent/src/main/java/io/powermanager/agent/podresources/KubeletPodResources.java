package io.powermanager.agent.podresources;

import com.google.protobuf.InvalidProtocolBufferException;
import io.powermanager.agent.podresources.GrpcException.Code;
import io.powermanager.domain.CpuSet;
import io.powermanager.podresources.v1.AllocatableResourcesRequest;
import io.powermanager.podresources.v1.AllocatableResourcesResponse;
import io.powermanager.podresources.v1.ContainerResources;
import io.powermanager.podresources.v1.GetPodResourcesRequest;
import io.powermanager.podresources.v1.GetPodResourcesResponse;
import io.powermanager.podresources.v1.ListPodResourcesRequest;
import io.powermanager.podresources.v1.ListPodResourcesResponse;
import io.powermanager.podresources.v1.PodResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's PodResources v1 API over its unix socket: gRPC over HTTP/2 cleartext ({@link
 * UnixSocketGrpc}, the JDK alone), the messages protobuf's generated types, which stay inside this
 * class.
 *
 * <ul>
 *   <li>{@code RESOURCE_EXHAUSTED} (the kubelet's 100 qps / burst 10 limit) is retried here with
 *       exponential backoff ({@link Options#firstBackoff} doubling, {@link Options#maxAttempts}
 *       attempts) before {@link PodResourcesException.Kind#RATE_LIMITED} is thrown.
 *   <li>{@code UNAVAILABLE} (no socket, kubelet restarting) is thrown at once as {@link
 *       PodResourcesException.Kind#UNAVAILABLE}; every call connects afresh, so the caller's next
 *       attempt reaches a kubelet that is back.
 *   <li>{@code Get} answered with {@code UNIMPLEMENTED}, or {@code UNKNOWN} "... disabled", marks
 *       the kubelet as lacking it ({@link #supportsGet()} false).
 * </ul>
 *
 * Thread-safe: no connection outlives a call, so {@link #close()} has nothing to release.
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

  /** The service's methods as gRPC names them: {@code /v1.PodResourcesLister/<rpc>}. */
  static final String LIST = "/v1.PodResourcesLister/List";

  static final String ALLOCATABLE = "/v1.PodResourcesLister/GetAllocatableResources";
  static final String GET = "/v1.PodResourcesLister/Get";

  /** The largest response read: the kubelet's own PodResources client allows 16 MiB. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final Path socket;
  private final UnixSocketGrpc grpc;
  private final Options options;
  private volatile boolean getSupported = true;

  private KubeletPodResources(Path socket, Options options) {
    this.socket = socket;
    this.options = options;
    this.grpc = new UnixSocketGrpc(socket, MAX_RESPONSE_BYTES);
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
        call(
                LIST,
                ListPodResourcesRequest.getDefaultInstance().toByteArray(),
                ListPodResourcesResponse::parseFrom)
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
                ALLOCATABLE,
                AllocatableResourcesRequest.getDefaultInstance().toByteArray(),
                AllocatableResourcesResponse::parseFrom)
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
      return Optional.of(
          toPod(
              call(GET, request.toByteArray(), GetPodResourcesResponse::parseFrom)
                  .getPodResources()));
    } catch (PodResourcesException e) {
      if (e.getCause() instanceof GrpcException s) {
        Code code = s.code();
        String description = s.description().toLowerCase(Locale.ROOT);
        if (code == Code.UNIMPLEMENTED
            || (code == Code.UNKNOWN && description.contains("disabled"))) {
          getSupported = false;
          LOGGER
              .atInfo()
              .addKeyValue("socket", socket)
              .log("kubelet lacks PodResources Get; using List");
          throw new PodResourcesException(
              PodResourcesException.Kind.UNSUPPORTED,
              "kubelet at " + socket + " has no Get: " + s.getMessage(),
              s);
        }
        if (code == Code.UNKNOWN && description.contains("not found")) {
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

  /** Parses a response message. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(byte[] message) throws InvalidProtocolBufferException;
  }

  /** Calls {@code method}; messages name it by its rpc, the part after the last {@code /}. */
  private <T> T call(String method, byte[] request, Parser<T> parser) throws PodResourcesException {
    String rpc = method.substring(method.lastIndexOf('/') + 1);
    Duration backoff = options.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return parser.parse(grpc.unary(method, request, options.deadline()));
      } catch (InvalidProtocolBufferException e) {
        throw new PodResourcesException(
            PodResourcesException.Kind.FAILED,
            rpc + " on " + socket + " answered a malformed message: " + e.getMessage(),
            e);
      } catch (GrpcException e) {
        Code code = e.code();
        if (code == Code.RESOURCE_EXHAUSTED) {
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
        if (code == Code.UNAVAILABLE) {
          throw new PodResourcesException(
              PodResourcesException.Kind.UNAVAILABLE,
              rpc + ": no kubelet answers on " + socket + ": " + e.description(),
              e);
        }
        throw new PodResourcesException(
            PodResourcesException.Kind.FAILED,
            rpc + " on " + socket + " failed: " + e.getMessage(),
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

  /** Nothing to release: every call opens and closes its own connection. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "KubeletPodResources[" + socket + "]";
  }
}
