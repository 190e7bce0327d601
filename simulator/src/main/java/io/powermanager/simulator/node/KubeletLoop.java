package io.powermanager.simulator.node;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.powermanager.apiserver.DaemonThreads;
import io.powermanager.simulator.scheduler.PodRequests;
import io.powermanager.simulator.tuning.TuneTracker;
import io.powermanager.testkit.kubelet.AdmittedPod;
import io.powermanager.testkit.kubelet.KubeletAdmissionException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's pod lifecycle for one simulated node: watches the pods bound to it (field selector
 * {@code spec.nodeName}), admits each new one (resource check against allocatable, then the static
 * CPU manager of the node's {@link io.powermanager.testkit.kubelet.EmulatedKubelet}) and reports it
 * {@code Running} through the status subresource — or {@code Failed} with the kubelet's reason
 * ({@code OutOfcpu}, {@code OutOfmemory}, {@code UnexpectedAdmissionError}) when it does not fit;
 * frees the CPUs of pods that are deleted or end. Containers never exit. One worker thread per
 * node, so a node's pods are handled in order.
 */
public final class KubeletLoop implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KubeletLoop.class);

  private final KubernetesClient client;
  private final SimulatedNode node;
  private final TuneTracker tracker;
  private final Clock clock;
  private final ExecutorService worker;
  private final Map<String, Map<String, Long>> admittedRequests = new HashMap<>();
  private final Set<String> rejected = new HashSet<>();
  private final Map<String, String> reportedRunning = new HashMap<>();
  private int nextIp = 2;
  private SharedIndexInformer<Pod> pods;

  private KubeletLoop(
      KubernetesClient client, SimulatedNode node, TuneTracker tracker, Clock clock) {
    this.client = client;
    this.node = node;
    this.tracker = tracker;
    this.clock = clock;
    this.worker = Executors.newSingleThreadExecutor(DaemonThreads.named("kubelet-" + node.name()));
  }

  /** Starts watching the node's pods; returns at once (the informer lists in the background). */
  public static KubeletLoop start(
      KubernetesClient client, SimulatedNode node, TuneTracker tracker, Clock clock) {
    KubeletLoop loop = new KubeletLoop(client, node, tracker, clock);
    loop.pods =
        client
            .pods()
            .inAnyNamespace()
            .withField("spec.nodeName", node.name())
            .inform(loop.handler(), 0);
    return loop;
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        submit(() -> sync(Cache.metaNamespaceKeyFunc(pod)));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        submit(() -> sync(Cache.metaNamespaceKeyFunc(newPod)));
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        submit(() -> gone(pod));
      }
    };
  }

  private void submit(Runnable task) {
    try {
      worker.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOGGER
                  .atWarn()
                  .addKeyValue("node", node.name())
                  .setCause(e)
                  .log("kubelet step failed");
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopped
    }
  }

  private void sync(String key) {
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase)
        || "Failed".equals(phase)
        || pod.getMetadata().getDeletionTimestamp() != null) {
      release(pod);
      return;
    }
    if (rejected.contains(uid)) {
      return;
    }
    AdmittedPod admitted = node.kubelet().pod(uid).orElse(null);
    if (admitted == null) {
      admitted = admit(pod);
      if (admitted == null) {
        return;
      }
      tracker.admitted(pod, node.name(), admitted);
    }
    if (!"Running".equals(phase) && !uid.equals(reportedRunning.get(key))) {
      PodStatus status = running(pod);
      patchStatus(pod, status);
      reportedRunning.put(key, uid);
      tracker.running(pod, System.nanoTime());
    }
  }

  /** Admits the pod, or reports it Failed; null when it was refused. */
  private AdmittedPod admit(Pod pod) {
    String uid = pod.getMetadata().getUid();
    Map<String, Long> wants = PodRequests.of(pod);
    for (String resource : List.of(PodRequests.CPU, PodRequests.MEMORY)) {
      long capacity = allocatable(resource);
      long used = 0;
      for (Map<String, Long> r : admittedRequests.values()) {
        used += r.getOrDefault(resource, 0L);
      }
      long requested = wants.getOrDefault(resource, 0L);
      if (requested > 0 && used + requested > capacity) {
        fail(
            pod,
            "OutOf" + resource,
            "Pod was rejected: Node didn't have enough resource: "
                + resource
                + ", requested: "
                + requested
                + ", used: "
                + used
                + ", capacity: "
                + capacity);
        return null;
      }
    }
    try {
      AdmittedPod admitted = node.kubelet().admit(pod);
      admittedRequests.put(uid, wants);
      node.loadExclusive(admitted.exclusiveCpus());
      LOGGER
          .atDebug()
          .addKeyValue("node", node.name())
          .addKeyValue("pod", Cache.metaNamespaceKeyFunc(pod))
          .addKeyValue("cpus", admitted.exclusiveCpus())
          .log("pod admitted");
      return admitted;
    } catch (KubeletAdmissionException e) {
      fail(
          pod,
          "UnexpectedAdmissionError",
          "Allocate failed due to " + e.getMessage() + ", which is unexpected");
      return null;
    }
  }

  private long allocatable(String resource) {
    return switch (resource) {
      case PodRequests.CPU -> node.kubelet().allocatable().size() * 1000L;
      case PodRequests.MEMORY ->
          PodRequests.amount(
              PodRequests.MEMORY,
              new io.fabric8.kubernetes.api.model.Quantity(SimulatedNode.MEMORY));
      default -> Long.MAX_VALUE;
    };
  }

  private void fail(Pod pod, String reason, String message) {
    rejected.add(pod.getMetadata().getUid());
    LOGGER
        .atInfo()
        .addKeyValue("node", node.name())
        .addKeyValue("pod", Cache.metaNamespaceKeyFunc(pod))
        .addKeyValue("reason", reason)
        .log(message);
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason(reason)
            .withMessage(message)
            .withStartTime(now())
            .build();
    patchStatus(pod, status);
  }

  private void gone(Pod pod) {
    release(pod);
    tracker.deleted(pod.getMetadata().getUid());
    reportedRunning.remove(Cache.metaNamespaceKeyFunc(pod));
  }

  private void release(Pod pod) {
    String uid = pod.getMetadata().getUid();
    node.kubelet().pod(uid).ifPresent(p -> node.unloadExclusive(p.exclusiveCpus()));
    admittedRequests.remove(uid);
    rejected.remove(uid);
    if (node.kubelet().remove(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid)) {
      LOGGER
          .atDebug()
          .addKeyValue("node", node.name())
          .addKeyValue("pod", Cache.metaNamespaceKeyFunc(pod))
          .log("pod removed; its CPUs are free");
    }
  }

  private void patchStatus(Pod pod, PodStatus status) {
    String json = client.getKubernetesSerialization().asJson(Map.of("status", status));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private PodStatus running(Pod pod) {
    String now = now();
    List<PodCondition> conditions = new ArrayList<>();
    for (String type :
        List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")) {
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus("True")
              .withLastTransitionTime(now)
              .build());
    }
    conditions.add(
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("True")
            .withLastTransitionTime(
                pod.getMetadata().getCreationTimestamp() != null
                    ? pod.getMetadata().getCreationTimestamp()
                    : now)
            .build());
    List<ContainerStatus> containers = new ArrayList<>();
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (var c : pod.getSpec().getContainers()) {
        containers.add(
            new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID("")
                .withContainerID(
                    "containerd://" + sha256(pod.getMetadata().getUid() + "/" + c.getName()))
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt(now)
                .endRunning()
                .endState()
                .build());
      }
    }
    String ip = "10.244." + node.index() + "." + nextIp;
    nextIp = nextIp >= 254 ? 2 : nextIp + 1;
    return new PodStatusBuilder()
        .withPhase("Running")
        .withConditions(conditions)
        .withHostIP("127.0.0.1")
        .withPodIP(ip)
        .withPodIPs(new PodIP(ip))
        .withStartTime(now)
        .withContainerStatuses(containers)
        .withQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass())
        .build();
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Whether the pod informer has listed. */
  public boolean synced() {
    return pods.hasSynced();
  }

  @Override
  public void close() {
    pods.close();
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
