package io.powermanager.agent.podresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.TestPods;
import io.powermanager.domain.CpuSet;
import io.powermanager.testkit.kubelet.EmulatedKubelet;
import io.powermanager.testkit.kubelet.GetSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletPodResourcesIT {

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private EmulatedKubelet kubelet(EmulatedKubelet.Builder builder) throws Exception {
    EmulatedKubelet kubelet = builder.build().start();
    open.add(kubelet);
    return kubelet;
  }

  private EmulatedKubelet.Builder node(Path socket) {
    return EmulatedKubelet.builder(socket, CpuSet.range(0, 7), CpuSet.of(0));
  }

  private KubeletPodResources client(Path socket, KubeletPodResources.Options options) {
    KubeletPodResources client = KubeletPodResources.connect(socket, options);
    open.add(client);
    return client;
  }

  private static String allocatableOrError(PodResourcesSource source) {
    try {
      return source.allocatable().toString();
    } catch (PodResourcesException e) {
      return e.kind() + ": " + e.getMessage();
    }
  }

  @Test
  void listsExclusiveCpusOfEveryPodAndTheAllocatableCpus() throws Exception {
    // Given
    Path socket = dir.resolve("kubelet.sock");
    EmulatedKubelet kubelet = kubelet(node(socket));
    kubelet.admit(TestPods.guaranteed("default", "example-pod", "n1", 2, "performance"));
    Pod shared = TestPods.guaranteed("other", "burstable", "n1", 1, null);
    shared
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests()
        .put("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"));
    kubelet.admit(shared);
    KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());

    // When
    List<PodCpus> pods = client.list();
    CpuSet allocatable = client.allocatable();

    // Then
    assertThat(pods)
        .containsExactly(
            new PodCpus(
                "default",
                "example-pod",
                List.of(new PodCpus.ContainerCpus("example-power-container", CpuSet.of(1, 2)))),
            new PodCpus(
                "other",
                "burstable",
                List.of(new PodCpus.ContainerCpus("example-power-container", CpuSet.empty()))));
    assertThat(allocatable).hasToString("1-7");
  }

  @Test
  void readsAListLargerThanHttp2sDefaultWindowsAndFrames() throws Exception {
    // Given: 600 BestEffort pods with long names, some 170 KB of response, 11 frames or more
    Path socket = dir.resolve("kubelet.sock");
    EmulatedKubelet kubelet = kubelet(node(socket));
    kubelet.admit(TestPods.guaranteed("default", "example-pod", "n1", 2, "performance"));
    String padding = "p".repeat(240);
    for (int i = 0; i < 600; i++) {
      Pod pod = TestPods.guaranteed("batch", "job-" + i + "-" + padding, "n1", 1, null);
      pod.getSpec().getContainers().get(0).setResources(null);
      kubelet.admit(pod);
    }
    KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());

    // When
    List<PodCpus> pods = client.list();

    // Then
    assertThat(pods).hasSize(601);
    assertThat(pods)
        .filteredOn(p -> p.name().equals("example-pod"))
        .singleElement()
        .satisfies(p -> assertThat(p.exclusiveCpus()).hasToString("1-2"));
    assertThat(pods).filteredOn(p -> p.name().equals("job-599-" + padding)).hasSize(1);
  }

  @Test
  void getsOnePodWhenTheKubeletHasGet() throws Exception {
    // Given
    Path socket = dir.resolve("kubelet.sock");
    EmulatedKubelet kubelet = kubelet(node(socket));
    kubelet.admit(TestPods.guaranteed("default", "example-pod", "n1", 3, "performance"));
    KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());

    // When / Then
    assertThat(client.get("default", "example-pod").orElseThrow().exclusiveCpus())
        .hasToString("1-3");
    assertThat(client.get("default", "absent")).isEmpty();
    assertThat(client.supportsGet()).isTrue();
  }

  @Test
  void fallsBackWhenGetIsDisabledOrUnimplemented() throws Exception {
    for (GetSupport support : List.of(GetSupport.DISABLED, GetSupport.UNIMPLEMENTED)) {
      // Given
      Path socket = dir.resolve(support.name().toLowerCase() + ".sock");
      kubelet(node(socket).getSupport(support));
      KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());

      // When / Then
      assertThatThrownBy(() -> client.get("default", "example-pod"))
          .isInstanceOfSatisfying(
              PodResourcesException.class,
              e -> assertThat(e.kind()).isEqualTo(PodResourcesException.Kind.UNSUPPORTED));
      assertThat(client.supportsGet()).isFalse();
      assertThat(client.list()).isEmpty();
    }
  }

  @Test
  void backsOffExponentiallyWhenRateLimited() throws Exception {
    // Given: a bucket of one token that refills once a thousand seconds
    Path socket = dir.resolve("kubelet.sock");
    kubelet(node(socket).rateLimit(0.001, 1));
    List<Duration> waits = new ArrayList<>();
    KubeletPodResources client =
        client(
            socket,
            new KubeletPodResources.Options(
                Duration.ofSeconds(5), Duration.ofMillis(10), 4, waits::add));
    client.list();

    // When / Then
    assertThatThrownBy(client::list)
        .isInstanceOfSatisfying(
            PodResourcesException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PodResourcesException.Kind.RATE_LIMITED);
              assertThat(e.getMessage()).contains("List", "4 attempts");
            });
    assertThat(waits)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void getsThroughARateLimitThatRefills() throws Exception {
    // Given: 50 qps, burst 1
    Path socket = dir.resolve("kubelet.sock");
    EmulatedKubelet kubelet = kubelet(node(socket).rateLimit(50, 1));
    KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());

    // When
    for (int i = 0; i < 5; i++) {
      client.allocatable();
    }

    // Then
    assertThat(kubelet.callCount()).isGreaterThan(5);
  }

  @Test
  void reportsAMissingSocketAsUnavailableAndConnectsOnceTheKubeletIsBack() throws Exception {
    // Given
    Path socket = dir.resolve("kubelet.sock");
    KubeletPodResources client = client(socket, KubeletPodResources.Options.defaults());
    assertThatThrownBy(client::list)
        .isInstanceOfSatisfying(
            PodResourcesException.class,
            e -> assertThat(e.kind()).isEqualTo(PodResourcesException.Kind.UNAVAILABLE));

    // When
    kubelet(node(socket));

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(allocatableOrError(client)).isEqualTo("1-7"));
  }
}
