package io.powermanager.reconciler.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between informer handlers and workers, with client-go's semantics:
 *
 * <ul>
 *   <li>a key is queued at most once however often it is added (dedup);
 *   <li>a key handed to a worker is not handed to another until that worker calls {@link #done};
 *       adds meanwhile mark it dirty and it comes back once, after {@code done} (one worker per
 *       key, no lost update);
 *   <li>{@link #addAfter} holds a key back until its due time, measured on the injected clock; an
 *       earlier due time wins, and an immediate {@link #add} supersedes a held-back one (the
 *       reconcile it triggers answers its own next look);
 *   <li>keys are never dropped, only handed out or, after {@link #shutDown}, discarded with the
 *       queue.
 * </ul>
 *
 * <p>Due times are read from the clock, so a test that moves its clock sees held-back keys become
 * ready (blocking waits re-check the clock at least every {@code maxWait}). Thread-safe.
 */
public final class WorkQueue<K> {

  private record Held<K>(Instant due, long seq, K key) {}

  private final Clock clock;
  private final Duration maxWait;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<K> ready = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Instant> heldUntil = new HashMap<>();
  private final PriorityQueue<Held<K>> held =
      new PriorityQueue<>(
          (a, b) -> {
            int c = a.due().compareTo(b.due());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
          });
  private long seq;
  private boolean shuttingDown;

  /**
   * @param clock decides when held-back keys are due
   * @param maxWait the longest a blocked {@link #take} waits before it looks at the clock again
   */
  public WorkQueue(Clock clock, Duration maxWait) {
    this.clock = clock;
    this.maxWait = maxWait;
  }

  public WorkQueue(Clock clock) {
    this(clock, Duration.ofSeconds(1));
  }

  /** Queues {@code key} now, unless it is already queued. */
  public void add(K key) {
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      heldUntil.remove(key);
      addLocked(key);
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code key} once {@code delay} has passed on the clock; zero or less means now. */
  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    lock.lock();
    try {
      if (shuttingDown || dirty.contains(key)) {
        return;
      }
      Instant due = clock.instant().plus(delay);
      Instant current = heldUntil.get(key);
      if (current != null && !current.isAfter(due)) {
        return;
      }
      heldUntil.put(key, due);
      held.add(new Held<>(due, seq++, key));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next ready key, without waiting; the caller must call {@link #done} with it. */
  public Optional<K> poll() {
    lock.lock();
    try {
      promoteDue();
      return Optional.ofNullable(next());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next ready key, waiting for one; empty once the queue is shut down. The caller must call
   * {@link #done} with it.
   */
  public Optional<K> take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (shuttingDown) {
          return Optional.empty();
        }
        promoteDue();
        K key = next();
        if (key != null) {
          return Optional.of(key);
        }
        changed.awaitNanos(waitNanos());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Marks {@code key} as no longer processed; it comes back if it was added meanwhile. */
  public void done(K key) {
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key) && !shuttingDown) {
        ready.add(key);
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting {@link #take}, which then answers empty; later adds are ignored. */
  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Keys ready to be handed out. */
  public int depth() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys held back by {@link #addAfter}. */
  public int heldBack() {
    lock.lock();
    try {
      return heldUntil.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys handed out and not yet {@link #done}. */
  public int inFlight() {
    lock.lock();
    try {
      return processing.size();
    } finally {
      lock.unlock();
    }
  }

  private void addLocked(K key) {
    if (!dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      ready.add(key);
      changed.signal();
    }
  }

  private K next() {
    K key = ready.poll();
    if (key != null) {
      dirty.remove(key);
      processing.add(key);
    }
    return key;
  }

  private void promoteDue() {
    Instant now = clock.instant();
    while (!held.isEmpty() && !held.peek().due().isAfter(now)) {
      Held<K> h = held.poll();
      if (h.due().equals(heldUntil.get(h.key()))) {
        heldUntil.remove(h.key());
        addLocked(h.key());
      }
    }
  }

  private long waitNanos() {
    long max = maxWait.toNanos();
    Held<K> first = held.peek();
    if (first == null) {
      return max;
    }
    long untilDue = Duration.between(clock.instant(), first.due()).toNanos();
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(max, untilDue));
  }
}
