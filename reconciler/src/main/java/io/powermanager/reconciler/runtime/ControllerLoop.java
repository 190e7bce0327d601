package io.powermanager.reconciler.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.api.kube.Backoff;
import io.powermanager.reconciler.LogKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller: a {@link WorkQueue} of keys, workers that hand each key to the {@link
 * Reconciler}, exponential backoff for keys that fail, {@link Result#requeueAfter} for keys that
 * want another look, and a full enqueue of every known key when it starts and on {@link
 * #enqueueAll} (resync). A key is never dropped: a failing key is retried with backoff for as long
 * as the controller runs.
 *
 * <p>A loop runs in terms: {@link #start} opens a fresh queue (filled with every known key) and
 * starts the workers; {@link #stop} shuts the queue and waits for in-flight reconciles. Between
 * terms (e.g. while another replica leads) enqueues are ignored, because the next start enqueues
 * everything. Thread-safe.
 */
public final class ControllerLoop {

  private static final Logger LOGGER = LoggerFactory.getLogger(ControllerLoop.class);
  private static final AtomicLong RECONCILE_IDS = new AtomicLong();

  private final String name;
  private final Reconciler reconciler;
  private final Supplier<? extends Collection<ResourceKey>> knownKeys;
  private final Backoff backoff;
  private final Clock clock;
  private final ControllerObserver observer;
  private final Map<ResourceKey, Integer> failures = new ConcurrentHashMap<>();
  private volatile WorkQueue<ResourceKey> queue;
  private final List<Thread> workers = new ArrayList<>();

  /**
   * @param name the controller's name in logs, metrics and thread names
   * @param knownKeys every key the controller should look at on start and resync (read from caches)
   * @param clock drives requeue and backoff delays
   */
  public ControllerLoop(
      String name,
      Reconciler reconciler,
      Supplier<? extends Collection<ResourceKey>> knownKeys,
      Backoff backoff,
      Clock clock,
      ControllerObserver observer) {
    this.name = Objects.requireNonNull(name, "name");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.knownKeys = Objects.requireNonNull(knownKeys, "knownKeys");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.queue = closedQueue(clock);
  }

  public String name() {
    return name;
  }

  /**
   * Opens a fresh queue holding every known key and starts {@code workerCount} workers. With zero
   * workers the caller drives the loop through {@link #processNext} (tests).
   */
  public synchronized void start(int workerCount) {
    stop(Duration.ofSeconds(5));
    failures.clear();
    WorkQueue<ResourceKey> fresh = new WorkQueue<>(clock);
    queue = fresh;
    knownKeys.get().forEach(fresh::add);
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(() -> work(fresh), "reconcile-" + name + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /**
   * Shuts the queue and waits up to {@code grace} for in-flight reconciles to finish; a worker
   * still busy after that (say, in a call to an unreachable API server) is interrupted, which
   * abandons its reconcile. Idempotent.
   */
  public void stop(Duration grace) {
    beginStop();
    awaitStop(System.nanoTime() + grace.toNanos());
  }

  /** Shuts the queue: workers finish their current reconcile and exit. */
  public void beginStop() {
    queue.shutDown();
  }

  /**
   * Waits until {@code deadlineNanos} ({@link System#nanoTime()}) for the workers to exit, then
   * interrupts those still busy.
   */
  public synchronized void awaitStop(long deadlineNanos) {
    try {
      for (Thread t : workers) {
        t.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
      }
      for (Thread t : workers) {
        if (t.isAlive()) {
          t.interrupt();
          t.join(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.clear();
  }

  /** Asks for {@code key} to be reconciled (dedups; ignored between terms). */
  public void enqueue(ResourceKey key) {
    queue.add(key);
  }

  /**
   * Asks for {@code key} to be reconciled after {@code delay}; further requests meanwhile do not
   * postpone it (a debounce: one reconcile for a burst of events).
   */
  public void enqueueAfter(ResourceKey key, Duration delay) {
    queue.addAfter(key, delay);
  }

  /** Enqueues every known key: the periodic full resync. */
  public void enqueueAll() {
    WorkQueue<ResourceKey> q = queue;
    knownKeys.get().forEach(q::add);
  }

  /**
   * Reconciles the next ready key on the calling thread. For tests that drive the loop without
   * workers; false when no key is ready.
   */
  public boolean processNext() {
    WorkQueue<ResourceKey> q = queue;
    Optional<ResourceKey> key = q.poll();
    key.ifPresent(k -> process(q, k));
    return key.isPresent();
  }

  /** Keys ready to run. */
  public int depth() {
    return queue.depth();
  }

  /** Keys being reconciled now. */
  public int inFlight() {
    return queue.inFlight();
  }

  /** Keys waiting for a requeue or backoff delay. */
  public int heldBack() {
    return queue.heldBack();
  }

  /** Consecutive failures of {@code key} so far (0 after a success). */
  public int failures(ResourceKey key) {
    return failures.getOrDefault(key, 0);
  }

  private void work(WorkQueue<ResourceKey> q) {
    try {
      while (true) {
        Optional<ResourceKey> key = q.take();
        if (key.isEmpty()) {
          return;
        }
        process(q, key.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void process(WorkQueue<ResourceKey> q, ResourceKey key) {
    long id = RECONCILE_IDS.incrementAndGet();
    long started = System.nanoTime();
    ControllerObserver.Outcome outcome = ControllerObserver.Outcome.ERROR;
    try {
      Result result = reconciler.reconcile(key);
      failures.remove(key);
      if (result instanceof Result.RequeueAfter again) {
        outcome = ControllerObserver.Outcome.REQUEUE;
        q.addAfter(key, again.delay());
      } else {
        outcome = ControllerObserver.Outcome.DONE;
      }
      LOGGER
          .atDebug()
          .addKeyValue(LogKeys.CONTROLLER, name)
          .addKeyValue(LogKeys.NAMESPACE, key.namespace())
          .addKeyValue(LogKeys.NAME, key.name())
          .addKeyValue(LogKeys.RECONCILE_ID, id)
          .addKeyValue(LogKeys.RESULT, result)
          .log("reconciled");
    } catch (RuntimeException e) {
      int n = failures.merge(key, 1, Integer::sum);
      Duration delay = backoff.delay(n);
      q.addAfter(key, delay);
      var event = isExpected(e) ? LOGGER.atDebug() : LOGGER.atWarn();
      event
          .addKeyValue(LogKeys.CONTROLLER, name)
          .addKeyValue(LogKeys.NAMESPACE, key.namespace())
          .addKeyValue(LogKeys.NAME, key.name())
          .addKeyValue(LogKeys.RECONCILE_ID, id)
          .addKeyValue(LogKeys.FAILURES, n)
          .addKeyValue(LogKeys.RETRY_IN, delay)
          .setCause(e)
          .log("reconcile failed; retrying with backoff");
    } finally {
      q.done(key);
      observer.reconciled(name, outcome, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * Conflicts (409: someone wrote first) and vanished objects (404) are the normal way optimistic
   * writers meet; they are retried quietly.
   */
  static boolean isExpected(Throwable e) {
    return e instanceof KubernetesClientException k && (k.getCode() == 409 || k.getCode() == 404);
  }

  private static WorkQueue<ResourceKey> closedQueue(Clock clock) {
    WorkQueue<ResourceKey> q = new WorkQueue<>(clock);
    q.shutDown();
    return q;
  }
}
