package io.powermanager.simulator.scheduler;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.powermanager.apiserver.DaemonThreads;
import io.powermanager.simulator.tuning.TuneTracker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler for pending pods of {@code default-scheduler}, shaped like kube-scheduler with the
 * power extender configured as in {@code examples/scheduler/}: for each pod, the in-tree filters
 * ({@link NodeFit}), then the extender's {@code filter} with the feasible node names, then — only
 * when more than one node is left — {@code prioritize}; the best sum of {@code LeastAllocated} and
 * extender score × {@value ExtenderClient#WEIGHT} × 10 wins (ties by node name), and the pod is
 * bound with {@code POST pods/<name>/binding}. A pod that fits nowhere gets a {@code
 * FailedScheduling} Event and the {@code PodScheduled=False} condition with kube-scheduler's
 * message, and is retried on the next cluster change (a node added or updated, a pod deleted or
 * ended) once its backoff (1 s doubling to 10 s) has passed, and at least every 30 s. Binding
 * results are assumed at once, so the next pod sees them before the informer does. One thread.
 */
public final class SchedulerLoop implements AutoCloseable {

  public static final String SCHEDULER_NAME = "default-scheduler";

  private static final Logger LOGGER = LoggerFactory.getLogger(SchedulerLoop.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration FLUSH = Duration.ofSeconds(30);

  private record Item(String key, long readyAtNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(readyAtNanos, ((Item) other).readyAtNanos);
    }
  }

  private record Assumed(String node, Map<String, Long> requests) {}

  private final KubernetesClient client;
  private final ExtenderClient extender;
  private final TuneTracker tracker;
  private final Clock clock;
  private final DelayQueue<Item> queue = new DelayQueue<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> unschedulable = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, Assumed> assumed = new ConcurrentHashMap<>();
  private final Map<String, String> lastMessage = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final Thread worker;
  private volatile String inFlight;
  private volatile boolean stopped;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;

  private SchedulerLoop(
      KubernetesClient client, ExtenderClient extender, TuneTracker tracker, Clock clock) {
    this.client = client;
    this.extender = extender;
    this.tracker = tracker;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("scheduler-flush"));
    this.worker = new Thread(this::run, "scheduler");
    this.worker.setDaemon(true);
  }

  /** Starts the informers and the scheduling thread. */
  public static SchedulerLoop start(
      KubernetesClient client, ExtenderClient extender, TuneTracker tracker, Clock clock) {
    SchedulerLoop loop = new SchedulerLoop(client, extender, tracker, clock);
    loop.nodes = client.nodes().inform(loop.nodeHandler(), 0);
    loop.pods = client.pods().inAnyNamespace().inform(loop.podHandler(), 0);
    loop.worker.start();
    loop.timer.scheduleWithFixedDelay(
        loop::retryUnschedulable, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
    return loop;
  }

  /** Whether both informers have listed. */
  public boolean synced() {
    return pods.hasSynced() && nodes.hasSynced();
  }

  // ------------------------------------------------------------------ events

  private ResourceEventHandler<Pod> podHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        tracker.seen(pod, System.nanoTime());
        if (pending(pod)) {
          enqueue(Cache.metaNamespaceKeyFunc(pod), 0);
        }
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        String key = Cache.metaNamespaceKeyFunc(newPod);
        if (!pending(newPod)) {
          if (bound(newPod)) {
            assumed.remove(newPod.getMetadata().getUid());
          }
          if (!terminal(oldPod) && terminal(newPod)) {
            retryUnschedulable();
          }
          return;
        }
        if (!queued.contains(key) && !unschedulable.containsKey(key) && !key.equals(inFlight)) {
          enqueue(key, 0);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        String key = Cache.metaNamespaceKeyFunc(pod);
        assumed.remove(pod.getMetadata().getUid());
        unschedulable.remove(key);
        attempts.remove(key);
        lastMessage.remove(key);
        retryUnschedulable();
      }
    };
  }

  private ResourceEventHandler<Node> nodeHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        retryUnschedulable();
      }

      @Override
      public void onUpdate(Node oldNode, Node newNode) {
        retryUnschedulable();
      }

      @Override
      public void onDelete(Node node, boolean deletedFinalStateUnknown) {
        retryUnschedulable();
      }
    };
  }

  private static boolean pending(Pod pod) {
    String scheduler = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return pod.getSpec() != null
        && !bound(pod)
        && (scheduler == null || scheduler.isEmpty() || SCHEDULER_NAME.equals(scheduler))
        && !terminal(pod)
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static boolean bound(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }

  private static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private void enqueue(String key, long delayNanos) {
    if (queued.add(key)) {
      queue.add(new Item(key, System.nanoTime() + Math.max(0, delayNanos)));
    }
  }

  /** Moves every unschedulable pod back to the queue, each after the rest of its backoff. */
  private void retryUnschedulable() {
    long now = System.nanoTime();
    for (String key : List.copyOf(unschedulable.keySet())) {
      Long failedAt = unschedulable.remove(key);
      if (failedAt != null) {
        enqueue(key, failedAt + backoff(key).toNanos() - now);
      }
    }
  }

  private Duration backoff(String key) {
    int n = attempts.getOrDefault(key, 1);
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(n - 1, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  // ------------------------------------------------------------------ scheduling

  private void run() {
    while (!stopped) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      queued.remove(item.key());
      inFlight = item.key();
      try {
        scheduleOne(item.key());
      } catch (RuntimeException e) {
        LOGGER.atWarn().addKeyValue("pod", item.key()).setCause(e).log("scheduling failed");
        markUnschedulable(item.key());
      } finally {
        inFlight = null;
      }
    }
  }

  private void scheduleOne(String key) {
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null || !pending(pod)) {
      attempts.remove(key);
      return;
    }
    List<Node> all = new ArrayList<>(nodes.getStore().list());
    all.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    Map<String, Long> requests = PodRequests.of(pod);
    Map<String, Map<String, Long>> used = usedByNode();
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    List<String> feasible = new ArrayList<>();
    Map<String, Node> byName = new HashMap<>();
    for (Node node : all) {
      String name = node.getMetadata().getName();
      byName.put(name, node);
      List<String> why = NodeFit.reasons(pod, requests, node, used.getOrDefault(name, Map.of()));
      if (why.isEmpty()) {
        feasible.add(name);
      } else {
        reasons.put(name, why);
      }
    }
    boolean interested = ExtenderClient.interested(pod) && !feasible.isEmpty();
    String podJson = interested ? client.getKubernetesSerialization().asJson(pod) : null;
    if (interested) {
      ExtenderClient.FilterResult result;
      try {
        result = extender.filter(podJson, feasible);
      } catch (IOException e) {
        fail(pod, key, e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!result.error().isEmpty()) {
        fail(pod, key, result.error());
        return;
      }
      result.failedNodes().forEach((n, why) -> reasons.put(n, List.of(why)));
      result.failedAndUnresolvableNodes().forEach((n, why) -> reasons.put(n, List.of(why)));
      feasible.retainAll(result.nodeNames());
    }
    if (feasible.isEmpty()) {
      fail(pod, key, FitMessage.of(all.size(), reasons));
      return;
    }
    String chosen = feasible.get(0);
    if (feasible.size() > 1) {
      Map<String, Long> extenderScores = Map.of();
      if (interested) {
        try {
          extenderScores = extender.prioritize(podJson, feasible);
        } catch (IOException e) {
          LOGGER.atDebug().setCause(e).log("prioritize failed; the extender scores nothing");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      long best = Long.MIN_VALUE;
      for (String name : feasible) {
        long score =
            NodeFit.leastAllocatedScore(
                    requests, byName.get(name), used.getOrDefault(name, Map.of()))
                + extenderScores.getOrDefault(name, 0L) * ExtenderClient.WEIGHT * 10;
        if (score > best) {
          best = score;
          chosen = name;
        }
      }
    }
    bind(pod, key, chosen, requests);
  }

  private Map<String, Map<String, Long>> usedByNode() {
    Map<String, Map<String, Long>> used = new HashMap<>();
    Set<String> boundUids = new java.util.HashSet<>();
    for (Pod p : pods.getStore().list()) {
      if (!bound(p) || terminal(p)) {
        continue;
      }
      boundUids.add(p.getMetadata().getUid());
      add(used, p.getSpec().getNodeName(), PodRequests.of(p));
    }
    assumed.forEach(
        (uid, a) -> {
          if (!boundUids.contains(uid)) {
            add(used, a.node(), a.requests());
          }
        });
    return used;
  }

  private static void add(
      Map<String, Map<String, Long>> used, String node, Map<String, Long> requests) {
    Map<String, Long> sum = used.computeIfAbsent(node, n -> new HashMap<>());
    requests.forEach((k, v) -> sum.merge(k, v, Long::sum));
    sum.merge(PodRequests.PODS, 1L, Long::sum);
  }

  private void bind(Pod pod, String key, String node, Map<String, Long> requests) {
    String uid = pod.getMetadata().getUid();
    assumed.put(uid, new Assumed(node, requests));
    Binding binding =
        new BindingBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .withUid(uid)
            .endMetadata()
            .withNewTarget()
            .withApiVersion("v1")
            .withKind("Node")
            .withName(node)
            .endTarget()
            .build();
    try {
      client.raw(
          "/api/v1/namespaces/"
              + pod.getMetadata().getNamespace()
              + "/pods/"
              + pod.getMetadata().getName()
              + "/binding",
          "POST",
          binding);
    } catch (KubernetesClientException e) {
      assumed.remove(uid);
      if (e.getCode() == 404) {
        return;
      }
      fail(pod, key, "binding rejected: " + e.getMessage());
      return;
    }
    tracker.bound(pod, node, System.nanoTime());
    attempts.remove(key);
    lastMessage.remove(key);
    LOGGER.atDebug().addKeyValue("pod", key).addKeyValue("node", node).log("pod bound");
    event(pod, "Normal", "Scheduled", "Successfully assigned " + key + " to " + node);
  }

  private void fail(Pod pod, String key, String message) {
    markUnschedulable(key);
    LOGGER.atInfo().addKeyValue("pod", key).log("unschedulable: " + message);
    if (message.equals(lastMessage.put(key, message))) {
      return;
    }
    event(pod, "Warning", "FailedScheduling", message);
    String condition =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of(
                    "status",
                    Map.of(
                        "conditions",
                        List.of(
                            Map.of(
                                "type", "PodScheduled",
                                "status", "False",
                                "reason", "Unschedulable",
                                "message", message,
                                "lastTransitionTime", now())))));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), condition);
    } catch (KubernetesClientException e) {
      LOGGER.atDebug().setCause(e).log("PodScheduled condition not written");
    }
  }

  private void markUnschedulable(String key) {
    attempts.merge(key, 1, Integer::sum);
    unschedulable.put(key, System.nanoTime());
  }

  private void event(Pod pod, String type, String reason, String message) {
    String now = now();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
            .withNamespace(pod.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .withUid(pod.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(SCHEDULER_NAME)
            .endSource()
            .withReportingComponent(SCHEDULER_NAME)
            .withReportingInstance(SCHEDULER_NAME + "-simulated")
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOGGER.atDebug().setCause(e).log("event not recorded");
    }
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    stopped = true;
    worker.interrupt();
    timer.shutdownNow();
    pods.close();
    nodes.close();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
