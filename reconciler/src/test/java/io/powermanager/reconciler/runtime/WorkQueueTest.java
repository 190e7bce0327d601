package io.powermanager.reconciler.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.reconciler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final WorkQueue<String> queue = new WorkQueue<>(clock);

  @Test
  void handsOutAKeyAddedManyTimesOnlyOnce() {
    // Given
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("a");

    // When
    List<String> handed = drain();

    // Then
    assertThat(handed).containsExactly("a", "b");
  }

  @Test
  void neverHandsAKeyToASecondWorkerWhileTheFirstHoldsIt() {
    // Given
    queue.add("a");
    String first = queue.poll().orElseThrow();
    queue.add("a");

    // When
    Optional<String> second = queue.poll();

    // Then
    assertThat(first).isEqualTo("a");
    assertThat(second).isEmpty();
  }

  @Test
  void aKeyAddedWhileItWasProcessedComesBackOnceAfterDone() {
    // Given
    queue.add("a");
    String key = queue.poll().orElseThrow();
    queue.add("a");
    queue.add("a");

    // When
    queue.done(key);

    // Then
    assertThat(drain()).containsExactly("a");
  }

  @Test
  void aKeyNotAddedAgainDoesNotComeBackAfterDone() {
    // Given
    queue.add("a");
    String key = queue.poll().orElseThrow();

    // When
    queue.done(key);

    // Then
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void holdsADelayedKeyBackUntilItsTimeOnTheClock() {
    // Given
    queue.addAfter("a", Duration.ofSeconds(30));

    // When
    Optional<String> early = queue.poll();
    clock.advance(Duration.ofSeconds(29));
    Optional<String> stillEarly = queue.poll();
    clock.advance(Duration.ofSeconds(1));
    Optional<String> due = queue.poll();

    // Then
    assertThat(early).isEmpty();
    assertThat(stillEarly).isEmpty();
    assertThat(due).contains("a");
  }

  @Test
  void theEarlierOfTwoDelaysWins() {
    // Given
    queue.addAfter("a", Duration.ofSeconds(60));
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(40));

    // When
    clock.advance(Duration.ofSeconds(10));
    Optional<String> first = first();
    clock.advance(Duration.ofSeconds(60));
    Optional<String> again = queue.poll();

    // Then
    assertThat(first).contains("a");
    assertThat(again).isEmpty();
  }

  @Test
  void anImmediateAddSupersedesAHeldBackKey() {
    // Given
    queue.addAfter("a", Duration.ofSeconds(30));

    // When
    queue.add("a");
    Optional<String> now = first();
    clock.advance(Duration.ofSeconds(30));
    Optional<String> later = queue.poll();

    // Then
    assertThat(now).contains("a");
    assertThat(later).isEmpty();
    assertThat(queue.heldBack()).isZero();
  }

  @Test
  void aDelayedAddOfAQueuedKeyIsAbsorbed() {
    // Given
    queue.add("a");

    // When
    queue.addAfter("a", Duration.ofSeconds(5));

    // Then
    assertThat(drain()).containsExactly("a");
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void aKeyHeldBackWhileProcessedIsDueAfterItsDelay() {
    // Given
    queue.add("a");
    String key = queue.poll().orElseThrow();

    // When
    queue.addAfter(key, Duration.ofSeconds(5));
    queue.done(key);

    // Then
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void handsOutKeysInTheOrderTheyBecameReady() {
    // Given
    queue.addAfter("late", Duration.ofSeconds(20));
    queue.addAfter("early", Duration.ofSeconds(10));
    queue.add("now");

    // When
    clock.advance(Duration.ofSeconds(20));
    List<String> handed = drain();

    // Then
    assertThat(handed).containsExactly("now", "early", "late");
  }

  @Test
  void takeReturnsEmptyOnceShutDownAndIgnoresLaterAdds() throws InterruptedException {
    // Given
    queue.shutDown();

    // When
    queue.add("a");
    Optional<String> taken = queue.take();

    // Then
    assertThat(taken).isEmpty();
    assertThat(queue.depth()).isZero();
  }

  @Test
  void takeReturnsAReadyKeyWithoutWaiting() throws InterruptedException {
    // Given
    queue.add("a");

    // When
    Optional<String> taken = queue.take();

    // Then
    assertThat(taken).contains("a");
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @Test
  void zeroDelayMeansNow() {
    // When
    queue.addAfter("a", Duration.ZERO);

    // Then
    assertThat(queue.poll()).contains("a");
  }

  private Optional<String> first() {
    Optional<String> key = queue.poll();
    key.ifPresent(queue::done);
    return key;
  }

  private List<String> drain() {
    List<String> out = new ArrayList<>();
    for (Optional<String> k = queue.poll(); k.isPresent(); k = queue.poll()) {
      out.add(k.get());
      queue.done(k.get());
    }
    return out;
  }
}
