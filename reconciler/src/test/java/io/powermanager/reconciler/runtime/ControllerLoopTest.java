package io.powermanager.reconciler.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.api.kube.Backoff;
import io.powermanager.reconciler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The loop driven by hand ({@code start(0)} + {@code processNext}), on a clock moved by hand. */
class ControllerLoopTest {

  private static final ResourceKey A = new ResourceKey("power", "a");
  private static final ResourceKey B = new ResourceKey("power", "b");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final List<ResourceKey> seen = new CopyOnWriteArrayList<>();
  private final Map<ResourceKey, Function<ResourceKey, Result>> behaviour =
      new ConcurrentHashMap<>();
  private final List<String> outcomes = new ArrayList<>();
  private Collection<ResourceKey> known = List.of(A, B);

  private final ControllerLoop loop =
      new ControllerLoop(
          "test",
          key -> {
            seen.add(key);
            return behaviour.getOrDefault(key, k -> Result.done()).apply(key);
          },
          () -> known,
          new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
          clock,
          (controller, outcome, elapsed) -> outcomes.add(controller + ":" + outcome.label()));

  @Test
  void startReconcilesEveryKnownKeyOnce() {
    // Given
    loop.start(0);

    // When
    runReady();

    // Then
    assertThat(seen).containsExactly(A, B);
    assertThat(outcomes).containsExactly("test:done", "test:done");
  }

  @Test
  void retriesAFailingKeyWithExponentialBackoffAndNeverDropsIt() {
    // Given
    behaviour.put(
        A,
        k -> {
          throw new IllegalStateException("API down");
        });
    known = List.of(A);
    loop.start(0);
    runReady();

    // When
    List<Integer> retriesAt = new ArrayList<>();
    for (int second = 1; second <= 40; second++) {
      clock.advance(Duration.ofSeconds(1));
      if (runReady() > 0) {
        retriesAt.add(second);
      }
    }

    // Then: 1 s, 2 s, 4 s, 8 s, then every 8 s (capped)
    assertThat(retriesAt).containsExactly(1, 3, 7, 15, 23, 31, 39);
    assertThat(loop.failures(A)).isEqualTo(8);
  }

  @Test
  void aSuccessResetsTheBackoff() {
    // Given
    int[] calls = {0};
    behaviour.put(
        A,
        k -> {
          if (++calls[0] <= 2) {
            throw new KubernetesClientException("conflict", 409, null);
          }
          return Result.done();
        });
    known = List.of(A);
    loop.start(0);
    runReady();
    clock.advance(Duration.ofSeconds(1));
    runReady();

    // When
    clock.advance(Duration.ofSeconds(2));
    runReady();

    // Then
    assertThat(calls[0]).isEqualTo(3);
    assertThat(loop.failures(A)).isZero();
    assertThat(outcomes).containsExactly("test:error", "test:error", "test:done");
  }

  @Test
  void requeueAfterBringsTheKeyBackAfterTheDelay() {
    // Given
    behaviour.put(A, k -> Result.requeueAfter(Duration.ofSeconds(90)));
    known = List.of(A);
    loop.start(0);
    runReady();

    // When
    clock.advance(Duration.ofSeconds(89));
    int early = runReady();
    clock.advance(Duration.ofSeconds(1));
    int due = runReady();

    // Then
    assertThat(early).isZero();
    assertThat(due).isEqualTo(1);
    assertThat(seen).containsExactly(A, A);
    assertThat(outcomes).containsOnly("test:requeue");
  }

  @Test
  void anEventDuringTheDelayReconcilesAtOnce() {
    // Given
    behaviour.put(A, k -> Result.requeueAfter(Duration.ofMinutes(5)));
    known = List.of(A);
    loop.start(0);
    runReady();

    // When
    loop.enqueue(A);
    int handled = runReady();

    // Then
    assertThat(handled).isEqualTo(1);
  }

  @Test
  void enqueueAllIsTheFullResync() {
    // Given
    loop.start(0);
    runReady();
    seen.clear();

    // When
    loop.enqueueAll();
    runReady();

    // Then
    assertThat(seen).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void ignoresEnqueuesWhileStoppedAndStartsFreshWithEveryKey() {
    // Given
    loop.start(0);
    runReady();
    loop.stop(Duration.ofSeconds(1));
    seen.clear();

    // When
    loop.enqueue(A);
    int whileStopped = runReady();
    loop.start(0);
    runReady();

    // Then
    assertThat(whileStopped).isZero();
    assertThat(seen).containsExactly(A, B);
  }

  @Test
  void workersReconcileEveryKeyAndStopCleanly() {
    // Given
    known = List.of();
    loop.start(2);

    // When
    for (int i = 0; i < 50; i++) {
      loop.enqueue(new ResourceKey("power", "k" + (i % 10)));
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(seen).map(ResourceKey::name).contains("k0", "k9"));
    loop.stop(Duration.ofSeconds(5));

    // Then
    assertThat(seen.stream().map(ResourceKey::name).distinct()).hasSize(10);
    assertThat(loop.depth()).isZero();
  }

  private int runReady() {
    int n = 0;
    while (loop.processNext()) {
      n++;
    }
    return n;
  }
}
