package io.powermanager.extender.capacity;

import static io.powermanager.extender.Fixtures.boundTo;
import static io.powermanager.extender.Fixtures.inPhase;
import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static io.powermanager.extender.Fixtures.powerNode;
import static io.powermanager.extender.Fixtures.powerPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.extender.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CapacityViewTest {

  private final CapacityView view = new CapacityView(Fixtures.clockAtNow());

  @Test
  void readsAllocatablePowerProfilesFromTheNode() {
    // When
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8, "balance-power", 4));

    // Then
    NodeState a = view.node("node-a");
    assertThat(a.nodeKnown()).isTrue();
    assertThat(a.allocatable()).containsOnlyKeys("performance", "balance-power");
    assertThat(a.remaining("performance")).isEqualTo(8);
  }

  @Test
  void doesNotCountAPodUntilItIsBound() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));

    // When
    view.podChanged(powerPod("web", "performance", 2));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(8);
    assertThat(view.chargedPodCount()).isZero();
  }

  @Test
  void countsAPodOnceItIsBoundAndReleasesItWhenDeleted() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    Pod pending = powerPod("web", "performance", 2);
    view.podChanged(pending);

    // When
    view.podChanged(boundTo(pending, "node-a"));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(6);

    // When
    view.podDeleted(boundTo(pending, "node-a"));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(8);
    assertThat(view.chargedPodCount()).isZero();
  }

  @Test
  void releasesAPodThatSucceeded() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    Pod running = boundTo(powerPod("job", "performance", 3), "node-a");
    view.podChanged(running);

    // When
    view.podChanged(inPhase(running, "Succeeded"));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(8);
  }

  @Test
  void releasesAPodThatFailed() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    Pod running = boundTo(powerPod("job", "performance", 3), "node-a");
    view.podChanged(running);

    // When
    view.podChanged(inPhase(running, "Failed"));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(8);
  }

  @Test
  void countsARepeatedEventOnce() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    Pod running = boundTo(powerPod("web", "performance", 2), "node-a");

    // When
    view.podChanged(running);
    view.podChanged(running);

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(6);
  }

  @Test
  void keepsCountingPodsOfANodeThatWasDeletedAndComesBack() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.podChanged(boundTo(powerPod("web", "performance", 2), "node-a"));
    view.nodeDeleted(nodeWithProfiles("node-a", "performance", 8));

    // When
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(6);
  }

  @Test
  void countsAPodBoundBeforeItsNodeIsCached() {
    // Given
    view.podChanged(boundTo(powerPod("web", "performance", 2), "node-a"));

    // When
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));

    // Then
    assertThat(view.node("node-a").remaining("performance")).isEqualTo(6);
  }

  @Test
  void followsTheAgentHeartbeatAndForgetsTheAgentWhenItsPowerNodeGoes() {
    // Given
    view.powerNodeChanged(powerNode("node-a", Fixtures.NOW.minusSeconds(40)));

    // When
    view.powerNodeChanged(liveAgent("node-a"));

    // Then
    assertThat(view.node("node-a").heartbeat()).contains(Fixtures.NOW.minusSeconds(10));

    // When
    view.powerNodeDeleted(liveAgent("node-a"));

    // Then
    assertThat(view.node("node-a")).isNull();
  }

  @Test
  void forgetsANodeNothingIsKnownAboutAnyMore() {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));
    Pod running = boundTo(powerPod("web", "performance", 2), "node-a");
    view.podChanged(running);

    // When
    view.nodeDeleted(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeDeleted(liveAgent("node-a"));
    view.podDeleted(running);

    // Then
    assertThat(view.nodeCount()).isZero();
  }

  @Test
  void reachesTheSameCountsWhenEventsArriveFromSeveralThreads() throws Exception {
    // Given
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 10_000));
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      pods.add(boundTo(powerPod("p" + i, "performance", 1 + i % 3), "node-a"));
    }
    long keptCpus = 0;
    for (int i = 0; i < pods.size(); i += 2) {
      keptCpus += 1 + i % 3;
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);

    // When
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < pods.size(); i += 4) {
                    view.podChanged(pods.get(i));
                    view.nodeChanged(nodeWithProfiles("node-a", "performance", 10_000));
                    if (i % 2 == 1) {
                      view.podDeleted(pods.get(i));
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // Then
    assertThat(view.node("node-a").requested("performance")).isEqualTo(keptCpus);
    assertThat(view.chargedPodCount()).isEqualTo(1_000);
    assertThat(view.node("node-a").heartbeat()).isEqualTo(Optional.empty());
  }
}
