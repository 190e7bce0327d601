package io.powermanager.simulator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.powermanager.agent.AgentConfig;
import io.powermanager.agent.AgentHandle;
import io.powermanager.agent.NodeAgent;
import io.powermanager.agent.podresources.KubeletPodResources;
import io.powermanager.apiserver.DaemonThreads;
import io.powermanager.simulator.node.SimulatedNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DaemonSet controller and container runtime for the node agent: while the DaemonSet {@code
 * power-node-agent} exists in the power namespace, a REAL {@link NodeAgent} runs in this JVM for
 * every simulated node its pod template's {@code nodeSelector} selects, with its own fabric8 client
 * to the API server, the node's emulated sysfs and the real PodResources gRPC client on the node's
 * kubelet socket; a Pod {@code power-node-agent-<node>} stands for it in the API (bound to the
 * node, so its kubelet reports it Running), and the DaemonSet's status counts them. When the
 * DaemonSet goes or a node stops matching, the agent is closed — it restores every CPU it tuned —
 * and its Pod deleted. Other DaemonSets are left alone. Reconciles on one thread; agents start and
 * stop in parallel.
 */
public final class AgentDaemonSetController implements AutoCloseable {

  public static final String DAEMON_SET = "power-node-agent";

  private static final int STARTERS = 8;

  private static final Logger LOGGER = LoggerFactory.getLogger(AgentDaemonSetController.class);

  /** Builds a fresh client to the API server for one agent. */
  @FunctionalInterface
  public interface ClientFactory {
    KubernetesClient create();
  }

  private record Running(AgentHandle agent, KubeletPodResources kubelet, KubernetesClient client) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, SimulatedNode> nodes;
  private final ClientFactory clients;
  private final Function<SimulatedNode, AgentConfig> configs;
  private final Clock clock;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final ExecutorService loop;
  private final ExecutorService starters;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean stopped;
  private SharedIndexInformer<DaemonSet> daemonSets;
  private SharedIndexInformer<Node> nodeInformer;

  private AgentDaemonSetController(
      KubernetesClient client,
      String namespace,
      Map<String, SimulatedNode> nodes,
      ClientFactory clients,
      Function<SimulatedNode, AgentConfig> configs,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.nodes = Map.copyOf(nodes);
    this.clients = clients;
    this.configs = configs;
    this.clock = clock;
    this.loop = Executors.newSingleThreadExecutor(DaemonThreads.named("daemonset-controller"));
    // starting an agent mostly waits for the API server: start several at once
    this.starters = Executors.newFixedThreadPool(STARTERS, DaemonThreads.named("agent-starter"));
  }

  /**
   * Starts watching DaemonSets of {@code namespace} and Nodes.
   *
   * @param configs each node's agent configuration
   */
  public static AgentDaemonSetController start(
      KubernetesClient client,
      String namespace,
      Map<String, SimulatedNode> nodes,
      ClientFactory clients,
      Function<SimulatedNode, AgentConfig> configs,
      Clock clock) {
    AgentDaemonSetController c =
        new AgentDaemonSetController(client, namespace, nodes, clients, configs, clock);
    ResourceEventHandler<Object> trigger =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object obj) {
            c.trigger();
          }

          @Override
          public void onUpdate(Object oldObj, Object newObj) {
            c.trigger();
          }

          @Override
          public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            c.trigger();
          }
        };
    c.daemonSets = client.apps().daemonSets().inNamespace(namespace).inform(cast(trigger), 0);
    c.nodeInformer = client.nodes().inform(cast(trigger), 0);
    return c;
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  /** The nodes whose agent runs now. */
  public Set<String> runningOn() {
    return new TreeSet<>(running.keySet());
  }

  /** The agent of a node, while it runs. */
  public Optional<AgentHandle> agent(String node) {
    return Optional.ofNullable(running.get(node)).map(Running::agent);
  }

  private void trigger() {
    if (stopped || !pending.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.execute(
          () -> {
            pending.set(false);
            try {
              reconcile();
            } catch (RuntimeException e) {
              LOGGER.atWarn().setCause(e).log("agent DaemonSet not reconciled");
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.set(false);
    }
  }

  private void reconcile() {
    if (stopped) {
      return;
    }
    DaemonSet ds = daemonSets.getStore().getByKey(namespace + "/" + DAEMON_SET);
    Set<String> wanted = new TreeSet<>();
    if (ds != null && ds.getMetadata().getDeletionTimestamp() == null) {
      Map<String, String> selector =
          ds.getSpec() == null || ds.getSpec().getTemplate().getSpec() == null
              ? null
              : ds.getSpec().getTemplate().getSpec().getNodeSelector();
      for (Node node : nodeInformer.getStore().list()) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = node.getMetadata().getLabels();
        boolean matches =
            selector == null
                || selector.isEmpty()
                || (labels != null && labels.entrySet().containsAll(selector.entrySet()));
        if (matches && nodes.containsKey(name)) {
          wanted.add(name);
        }
      }
    }
    List<CompletableFuture<Void>> work = new ArrayList<>();
    for (String node : wanted) {
      if (!running.containsKey(node)) {
        work.add(CompletableFuture.runAsync(() -> startAgent(ds, nodes.get(node)), starters));
      }
    }
    for (String node : List.copyOf(running.keySet())) {
      if (!wanted.contains(node)) {
        work.add(CompletableFuture.runAsync(() -> stopAgent(node), starters));
      }
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    if (ds != null) {
      writeStatus(ds, wanted.size());
    }
  }

  private void startAgent(DaemonSet ds, SimulatedNode node) {
    KubeletPodResources kubelet = null;
    KubernetesClient agentClient = null;
    try {
      AgentConfig config = configs.apply(node);
      kubelet = KubeletPodResources.connect(node.podResourcesSocket());
      agentClient = clients.create();
      PrometheusRegistry registry = new PrometheusRegistry();
      AgentHandle agent =
          NodeAgent.start(
              config,
              agentClient,
              node.sysfsPort(),
              kubelet,
              registry,
              clock,
              node.telemetrySources());
      node.serveAgentMetrics(registry);
      running.put(node.name(), new Running(agent, kubelet, agentClient));
      LOGGER.atInfo().addKeyValue("node", node.name()).log("power agent started");
      createPod(ds, node.name());
    } catch (IOException | RuntimeException e) {
      LOGGER.atWarn().addKeyValue("node", node.name()).setCause(e).log("power agent did not start");
      if (kubelet != null) {
        kubelet.close();
      }
      if (agentClient != null) {
        agentClient.close();
      }
      if (!stopped) {
        CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(this::trigger);
      }
    }
  }

  private void stopAgent(String node) {
    Running r = running.remove(node);
    if (r == null) {
      return;
    }
    SimulatedNode simulated = nodes.get(node);
    if (simulated != null) {
      simulated.serveAgentMetrics(null);
    }
    r.agent().close();
    r.kubelet().close();
    r.client().close();
    LOGGER.atInfo().addKeyValue("node", node).log("power agent stopped; CPUs restored");
    try {
      client.pods().inNamespace(namespace).withName(podName(node)).delete();
    } catch (KubernetesClientException e) {
      LOGGER.atDebug().setCause(e).log("agent pod not deleted");
    }
  }

  static String podName(String node) {
    return DAEMON_SET + "-" + node;
  }

  private void createPod(DaemonSet ds, String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (ds.getSpec().getTemplate().getMetadata() != null
        && ds.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(ds.getSpec().getTemplate().getMetadata().getLabels());
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName(node))
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("DaemonSet")
                    .withName(ds.getMetadata().getName())
                    .withUid(ds.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withSpec(ds.getSpec().getTemplate().getSpec())
            .editSpec()
            .withNodeName(node)
            .endSpec()
            .build();
    try {
      client.pods().inNamespace(namespace).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        LOGGER.atDebug().setCause(e).log("agent pod not created");
      }
    }
  }

  private void writeStatus(DaemonSet ds, int desired) {
    int current = running.size();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("currentNumberScheduled", current);
    status.put("desiredNumberScheduled", desired);
    status.put("numberMisscheduled", 0);
    status.put("numberReady", current);
    status.put("numberAvailable", current);
    status.put("updatedNumberScheduled", current);
    status.put("observedGeneration", ds.getMetadata().getGeneration());
    try {
      client
          .apps()
          .daemonSets()
          .inNamespace(namespace)
          .withName(ds.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(Map.of("status", status)));
    } catch (KubernetesClientException e) {
      LOGGER.atDebug().setCause(e).log("DaemonSet status not written");
    }
  }

  /** Stops watching, then closes every agent (each restores its CPUs) in parallel. */
  @Override
  public void close() {
    stopped = true;
    daemonSets.close();
    nodeInformer.close();
    loop.shutdown();
    try {
      loop.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (String node : List.copyOf(running.keySet())) {
      stops.add(CompletableFuture.runAsync(() -> stopAgent(node), starters));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    starters.shutdown();
  }
}
