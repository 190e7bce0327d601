package io.powermanager.testkit.kubelet;

import static io.powermanager.testkit.kubelet.TestPods.container;
import static io.powermanager.testkit.kubelet.TestPods.guaranteed;
import static io.powermanager.testkit.kubelet.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
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
import io.powermanager.podresources.v1.PodResourcesListerGrpc.PodResourcesListerBlockingStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The emulated kubelet over its real unix socket, called through the generated blocking stub. */
class EmulatedKubeletIT {

  private static final CpuSet ONLINE = CpuSet.range(0, 7);
  private static final CpuSet RESERVED = CpuSet.of(0, 1);

  @TempDir Path dir;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<EmulatedKubelet> kubelets = new ArrayList<>();

  @AfterEach
  void closeEverything() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    kubelets.forEach(EmulatedKubelet::stop);
  }

  private Path socket() {
    return dir.resolve("kubelet.sock");
  }

  private EmulatedKubelet started(EmulatedKubelet.Builder builder) throws IOException {
    EmulatedKubelet kubelet = builder.build();
    kubelets.add(kubelet);
    return kubelet.start();
  }

  private EmulatedKubelet started() throws IOException {
    return started(EmulatedKubelet.builder(socket(), ONLINE, RESERVED));
  }

  private PodResourcesListerBlockingStub client() {
    ManagedChannel channel =
        Grpc.newChannelBuilder("unix:" + socket(), InsecureChannelCredentials.create()).build();
    channels.add(channel);
    return PodResourcesListerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static List<Long> cpuIds(PodResources pod, String container) {
    return pod.getContainersList().stream()
        .filter(c -> c.getName().equals(container))
        .findFirst()
        .map(ContainerResources::getCpuIdsList)
        .orElseThrow();
  }

  // ---------------------------------------------------------------- allocatable and List

  @Test
  void servesOnlineMinusReservedAsAllocatable() throws IOException {
    // Given
    started();

    // When
    var response =
        client().getAllocatableResources(AllocatableResourcesRequest.getDefaultInstance());

    // Then
    assertThat(response.getCpuIdsList()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void givesAGuaranteedIntegerContainerTheLowestFreeAllocatableCpus() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();

    // When
    AdmittedPod first = kubelet.admit(pod("first", "uid-1", guaranteed("app", "2")));
    AdmittedPod second = kubelet.admit(pod("second", "uid-2", guaranteed("app", "3")));
    var listed = client().list(ListPodResourcesRequest.getDefaultInstance());

    // Then
    assertThat(first.exclusiveCpus()).isEqualTo(CpuSet.of(2, 3));
    assertThat(second.exclusiveCpus()).isEqualTo(CpuSet.of(4, 5, 6));
    assertThat(listed.getPodResourcesList())
        .extracting(PodResources::getNamespace, PodResources::getName)
        .containsExactly(tuple("default", "first"), tuple("default", "second"));
    assertThat(cpuIds(listed.getPodResources(0), "app")).containsExactly(2L, 3L);
    assertThat(cpuIds(listed.getPodResources(1), "app")).containsExactly(4L, 5L, 6L);
    assertThat(kubelet.sharedCpus()).isEqualTo(CpuSet.of(7));
  }

  static Stream<Arguments> sharedPods() {
    return Stream.of(
        Arguments.of("burstable", container("app", "1", "2", "1Gi", "1Gi")),
        Arguments.of("best-effort", container("app", null, null, null, null)),
        Arguments.of("guaranteed fractional", guaranteed("app", "1500m")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sharedPods")
  void listsContainersWithoutExclusiveCpusWithEmptyCpuIds(String description, Container app)
      throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("shared", "uid-s", app));

    // When
    var listed = client().list(ListPodResourcesRequest.getDefaultInstance());

    // Then
    assertThat(listed.getPodResourcesList()).hasSize(1);
    assertThat(cpuIds(listed.getPodResources(0), "app")).isEmpty();
    assertThat(kubelet.sharedCpus()).isEqualTo(kubelet.allocatable());
  }

  @Test
  void givesExclusiveCpusOnlyToTheIntegerContainersOfAGuaranteedPod() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    Pod mixed = pod("mixed", "uid-m", guaranteed("sidecar", "500m"), guaranteed("worker", "2"));

    // When
    kubelet.admit(mixed);
    var listed = client().list(ListPodResourcesRequest.getDefaultInstance());

    // Then
    assertThat(cpuIds(listed.getPodResources(0), "sidecar")).isEmpty();
    assertThat(cpuIds(listed.getPodResources(0), "worker")).containsExactly(2L, 3L);
  }

  @Test
  void takesMissingRequestsToEqualTheLimitsAsTheApiServerDefaults() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();

    // When
    AdmittedPod admitted =
        kubelet.admit(pod("limits-only", "uid-l", container("app", null, "2", null, "1Gi")));

    // Then
    assertThat(admitted.qosClass()).isEqualTo(QosClass.GUARANTEED);
    assertThat(
            cpuIds(
                client().list(ListPodResourcesRequest.getDefaultInstance()).getPodResources(0),
                "app"))
        .containsExactly(2L, 3L);
  }

  @Test
  void refusesAPodWhoseCpusDoNotFitAndAllocatesNothing() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("big", "uid-b", guaranteed("app", "4")));
    Pod tooBig = pod("too-big", "uid-t", guaranteed("one", "1"), guaranteed("two", "2"));

    // When / Then
    assertThatThrownBy(() -> kubelet.admit(tooBig))
        .isInstanceOf(KubeletAdmissionException.class)
        .hasMessageContaining("default/too-big container two")
        .hasMessageContaining("requested=2, available=1");
    assertThat(kubelet.pods()).extracting(AdmittedPod::name).containsExactly("big");
    assertThat(client().list(ListPodResourcesRequest.getDefaultInstance()).getPodResourcesCount())
        .isEqualTo(1);
  }

  @Test
  void freesTheCpusOfARemovedPodForTheNextOne() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("old", "uid-o", guaranteed("app", "2")));

    // When
    boolean removed = kubelet.remove("default", "old", "uid-o");
    AdmittedPod next = kubelet.admit(pod("new", "uid-n", guaranteed("app", "2")));

    // Then
    assertThat(removed).isTrue();
    assertThat(next.exclusiveCpus()).isEqualTo(CpuSet.of(2, 3));
    assertThat(client().list(ListPodResourcesRequest.getDefaultInstance()).getPodResourcesList())
        .extracting(PodResources::getName)
        .containsExactly("new");
  }

  @Test
  void removesOnlyWhenNamespaceNameAndUidAllMatch() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("web", "uid-w", guaranteed("app", "1")));

    // When
    boolean wrongUid = kubelet.remove("default", "web", "uid-other");
    boolean wrongNamespace = kubelet.remove("prod", "web", "uid-w");

    // Then
    assertThat(wrongUid).isFalse();
    assertThat(wrongNamespace).isFalse();
    assertThat(kubelet.exclusiveCpus()).isEqualTo(CpuSet.of(2));
  }

  // ---------------------------------------------------------------- Get

  @Test
  void getReturnsTheNewestPodOfThatNamespaceAndName() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("web", "uid-old", guaranteed("app", "1")));
    kubelet.admit(pod("web", "uid-new", guaranteed("app", "2")));
    kubelet.admit(pod("db", "uid-db", guaranteed("app", "1")));

    // When
    var response =
        client()
            .get(
                GetPodResourcesRequest.newBuilder()
                    .setPodNamespace("default")
                    .setPodName("web")
                    .build());

    // Then
    assertThat(response.getPodResources().getName()).isEqualTo("web");
    assertThat(cpuIds(response.getPodResources(), "app")).containsExactly(3L, 4L);
  }

  @Test
  void getOfAnUnknownPodFailsWithUnknown() throws IOException {
    // Given
    started();
    var request = GetPodResourcesRequest.newBuilder().setPodNamespace("default").setPodName("nope");

    // When / Then
    assertThatThrownBy(() -> client().get(request.build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("pod nope in namespace default not found");
            });
  }

  static Stream<Arguments> getSupport() {
    return Stream.of(
        Arguments.of(
            GetSupport.DISABLED, Status.Code.UNKNOWN, "PodResources API Get method disabled"),
        Arguments.of(
            GetSupport.UNIMPLEMENTED,
            Status.Code.UNIMPLEMENTED,
            "unknown method Get for service v1.PodResourcesLister"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("getSupport")
  void getFailsLikeAKubeletWithoutIt(GetSupport support, Status.Code code, String message)
      throws IOException {
    // Given
    EmulatedKubelet kubelet =
        started(EmulatedKubelet.builder(socket(), ONLINE, RESERVED).getSupport(support));
    kubelet.admit(pod("web", "uid-w", guaranteed("app", "1")));
    var request = GetPodResourcesRequest.newBuilder().setPodNamespace("default").setPodName("web");

    // When / Then
    assertThatThrownBy(() -> client().get(request.build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(message);
            });
    assertThat(client().list(ListPodResourcesRequest.getDefaultInstance()).getPodResourcesCount())
        .isEqualTo(1);
  }

  // ---------------------------------------------------------------- rate limit

  @Test
  void rejectsCallsBeyondTheBurstWithResourceExhausted() throws IOException {
    // Given
    EmulatedKubelet kubelet =
        started(EmulatedKubelet.builder(socket(), ONLINE, RESERVED).rateLimit(0.001, 3));
    PodResourcesListerBlockingStub client = client();
    for (int i = 0; i < 3; i++) {
      client.list(ListPodResourcesRequest.getDefaultInstance());
    }

    // When / Then
    assertThatThrownBy(() -> client.list(ListPodResourcesRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription()).isEqualTo("rejected by rate limit");
            });
    assertThat(kubelet.callCount()).isEqualTo(4);
  }

  @Test
  void defaultRateLimitAllowsABurstOfTenCalls() throws IOException {
    // Given
    started();
    PodResourcesListerBlockingStub client = client();

    // When
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < EmulatedKubelet.DEFAULT_BURST; i++) {
      counts.add(client.list(ListPodResourcesRequest.getDefaultInstance()).getPodResourcesCount());
    }

    // Then
    assertThat(counts).hasSize(10).containsOnly(0);
    assertThat(EmulatedKubelet.DEFAULT_QPS).isEqualTo(100.0);
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void restartsOnTheSameSocketWithItsPodsKept() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();
    kubelet.admit(pod("web", "uid-w", guaranteed("app", "2")));
    PodResourcesListerBlockingStub before = client();
    before.list(ListPodResourcesRequest.getDefaultInstance());

    // When
    kubelet.stop();
    boolean socketWhileStopped = Files.exists(socket());
    Throwable whileStopped =
        catchThrowable(() -> before.list(ListPodResourcesRequest.getDefaultInstance()));
    kubelet.start();
    var listed = client().list(ListPodResourcesRequest.getDefaultInstance());

    // Then
    assertThat(socketWhileStopped).isFalse();
    assertThat(Status.fromThrowable(whileStopped).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(kubelet.isRunning()).isTrue();
    assertThat(cpuIds(listed.getPodResources(0), "app")).containsExactly(2L, 3L);
  }

  @Test
  void replacesAStaleSocketFileOnStart() throws IOException {
    // Given
    Files.writeString(socket(), "left by a crashed kubelet");

    // When
    started();

    // Then
    assertThat(
            client()
                .getAllocatableResources(AllocatableResourcesRequest.getDefaultInstance())
                .getCpuIdsCount())
        .isEqualTo(6);
  }

  @Test
  void refusesToStartTwice() throws IOException {
    // Given
    EmulatedKubelet kubelet = started();

    // When / Then
    assertThatThrownBy(kubelet::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesASocketPathLongerThanUnixSocketsAllow() {
    // Given
    Path tooLong = dir.resolve("x".repeat(120) + ".sock");

    // When / Then
    assertThatThrownBy(() -> EmulatedKubelet.builder(tooLong, ONLINE, RESERVED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
  }

  @Test
  void refusesReservedCpusThatAreNotOnline() {
    // When / Then
    assertThatThrownBy(() -> EmulatedKubelet.builder(socket(), ONLINE, CpuSet.of(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9");
  }
}
