package io.powermanager.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.powermanager.agent.AgentConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.DaemonThreads;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.SslContexts;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.manager.Manager;
import io.powermanager.manager.ManagerConfig;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.simulator.agents.AgentDaemonSetController;
import io.powermanager.simulator.node.KubeletLoop;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.scheduler.ExtenderClient;
import io.powermanager.simulator.scheduler.SchedulerLoop;
import io.powermanager.simulator.tuning.TuneTracker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, in this JVM: the embedded API server (kube-apiserver-like front
 * over the fabric8 CRUD mock) with the power CRDs, storing each kind in its CRD's storage version
 * and converting the other served version through the manager's {@code /convert} as kube-apiserver
 * does ({@link ConversionWebhooks}); the manager (admission webhook and scheduler extender on one
 * HTTPS server with certificates from {@code certs/}, reconcilers, leader election off) registered
 * through a Mutating- and a ValidatingWebhookConfiguration ({@link AdmissionWebhooks}); N nodes,
 * each an emulated sysfs tree, an emulated kubelet (static CPU manager, CPUs 0 and 1 reserved,
 * PodResources over a unix socket) with its pod lifecycle ({@link KubeletLoop}), and — once the
 * PowerConfig's DaemonSet exists — a real node agent ({@link AgentDaemonSetController}); a
 * scheduler that calls the extender like kube-scheduler ({@link SchedulerLoop}); and a {@link
 * TuneTracker} timing pods to tuned cores.
 *
 * <pre>{@code
 * try (SimulatedCluster cluster = SimulatedCluster.start(SimulatorOptions.of(2, small, dir, socks))) {
 *   cluster.client().resource(powerConfig).create();   // through the webhook, like kubectl
 *   ...
 * }   // agents restore every CPU, then everything stops
 * }</pre>
 *
 * Components talk over the real protocols: HTTP and WebSocket to the API server, HTTPS with
 * AdmissionReview v1 and the extender's JSON, gRPC over unix sockets, sysfs through the emulator's
 * kernel rules.
 */
public final class SimulatedCluster implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(SimulatedCluster.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final int PORT_ATTEMPTS = 3;

  /** The image the reconciler puts in the DaemonSet; the simulator runs agents in-process. */
  public static final String AGENT_IMAGE = "ghcr.io/power-manager/power-manager:0.1.0";

  private final SimulatorOptions options;
  private final Deque<AutoCloseable> toClose;
  private final EmbeddedApiServer api;
  private final Manager manager;
  private final List<SimulatedNode> nodes;
  private final TuneTracker tracker;
  private final AgentDaemonSetController agents;
  private final IssuedCertificate certificate;
  private final Path certDir;
  private final Duration startup;

  private SimulatedCluster(Builder b) {
    this.options = b.options;
    this.toClose = b.toClose;
    this.api = b.api;
    this.manager = b.manager;
    this.nodes = List.copyOf(b.nodes);
    this.tracker = b.tracker;
    this.agents = b.agents;
    this.certificate = b.certificate;
    this.certDir = b.certDir;
    this.startup = b.startup;
  }

  /** What {@link #start} assembles, before the cluster exists. */
  private static final class Builder {
    SimulatorOptions options;
    final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    EmbeddedApiServer api;
    Manager manager;
    List<SimulatedNode> nodes = new ArrayList<>();
    TuneTracker tracker;
    AgentDaemonSetController agents;
    IssuedCertificate certificate;
    Path certDir;
    Duration startup;
  }

  /**
   * Starts everything and returns once the manager's caches have synced and every loop has listed:
   * ready for {@code kubectl apply}. The agents start when a PowerConfig makes the reconciler
   * create their DaemonSet.
   *
   * @throws IOException when a directory, a sysfs tree or a socket cannot be made
   */
  public static SimulatedCluster start(SimulatorOptions options) throws IOException {
    long t0 = System.nanoTime();
    Builder b = new Builder();
    b.options = options;
    Clock clock = options.clock();
    ExecutorService startup =
        Executors.newCachedThreadPool(DaemonThreads.named("simulator-startup"));
    try {
      Files.createDirectories(options.workdir());
      Files.createDirectories(options.socketDir());
      b.certDir = options.workdir().resolve("certs");
      CompletableFuture<EmbeddedApiServer> apiStarted =
          CompletableFuture.supplyAsync(
              () -> {
                EmbeddedApiServer server =
                    EmbeddedApiServer.start(ApiServerOptions.defaults().withCrdConversion(true));
                ensureNamespace(server.client(), options.powerNamespace());
                return server;
              },
              startup);
      CompletableFuture<IssuedCertificate> certs =
          CompletableFuture.supplyAsync(
              () ->
                  CertsTool.writeFiles(
                      "power-manager",
                      options.powerNamespace(),
                      b.certDir,
                      List.of("localhost"),
                      List.of("127.0.0.1"),
                      Duration.ofDays(365),
                      Clock.systemUTC(), // TLS peers check validity on the real clock
                      new SecureRandom()),
              startup);
      TuneTracker[] trackerRef = new TuneTracker[1];
      SimulatedNode.WriteListener onWrite =
          (node, path) -> {
            TuneTracker t = trackerRef[0];
            if (t != null) {
              t.written(node, path);
            }
          };
      List<CompletableFuture<SimulatedNode>> nodeStarts = new ArrayList<>();
      for (int i = 1; i <= options.nodes(); i++) {
        int index = i;
        nodeStarts.add(
            CompletableFuture.supplyAsync(() -> startNode(options, index, onWrite), startup));
      }
      try {
        for (CompletableFuture<SimulatedNode> f : nodeStarts) {
          SimulatedNode node = join(f);
          b.nodes.add(node);
          b.toClose.push(node);
        }
        b.api = join(apiStarted);
        b.toClose.push(b.api);
        b.certificate = join(certs);
      } catch (RuntimeException e) {
        nodeStarts.forEach(f -> f.thenAccept(SimulatedNode::close));
        apiStarted.thenAccept(EmbeddedApiServer::close);
        throw e;
      }

      Vertx vertx = Vertx.vertx();
      b.toClose.push(
          () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      Vertx5HttpClientFactory httpClients = new Vertx5HttpClientFactory(vertx);
      EmbeddedApiServer api = b.api;
      AgentDaemonSetController.ClientFactory clients =
          () ->
              new KubernetesClientBuilder()
                  .withConfig(api.clientConfig())
                  .withHttpClientFactory(httpClients)
                  .build();
      KubernetesClient system = clients.create();
      b.toClose.push(system);

      KubernetesClient managerClient = clients.create();
      b.toClose.push(managerClient);
      String caPem = b.certificate.caCertificatePem();
      CompletableFuture<Manager> managerStarted =
          CompletableFuture.supplyAsync(
              () -> startManager(options, b.certDir, caPem, system, managerClient, clock), startup);
      String kubeletVersion = ApiServerOptions.DEFAULT_KUBERNETES_VERSION;
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      for (SimulatedNode node : b.nodes) {
        system.nodes().resource(node.nodeObject(kubeletVersion, now)).create();
      }
      b.manager = join(managerStarted);
      b.toClose.push(b.manager);
      String https = "https://127.0.0.1:" + b.manager.httpsPort();
      system
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(AdmissionWebhooks.mutating(https, b.certificate.caCertificatePem()))
          .create();
      system
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(AdmissionWebhooks.validating(https, b.certificate.caCertificatePem()))
          .create();

      SharedIndexInformer<PowerProfile> profiles =
          system.resources(PowerProfile.class).inNamespace(options.powerNamespace()).inform();
      b.toClose.push(profiles::close);
      Map<String, SimulatedNode> byName = new LinkedHashMap<>();
      b.nodes.forEach(n -> byName.put(n.name(), n));
      b.tracker = new TuneTracker(byName, () -> profiles.getStore().list());
      trackerRef[0] = b.tracker;

      List<KubeletLoop> kubelets = new ArrayList<>();
      for (SimulatedNode node : b.nodes) {
        KubeletLoop loop = KubeletLoop.start(system, node, b.tracker, clock);
        kubelets.add(loop);
        b.toClose.push(loop);
      }
      ExtenderClient extender =
          new ExtenderClient(
              https, SslContexts.trusting(b.certificate.caCertificatePem()), Duration.ofSeconds(5));
      // a long-running kube-scheduler holds a warm TLS connection to the extender: so does this one
      CompletableFuture<Void> warm =
          CompletableFuture.runAsync(() -> extender.warmUp(system), startup);
      SchedulerLoop scheduler = SchedulerLoop.start(system, extender, b.tracker, clock);
      b.toClose.push(scheduler);
      b.agents =
          AgentDaemonSetController.start(
              system,
              options.powerNamespace(),
              byName,
              clients,
              node -> agentConfig(options, node),
              clock);
      b.toClose.push(b.agents);

      BooleanSupplier ready =
          () ->
              b.manager.ready()
                  && scheduler.synced()
                  && profiles.hasSynced()
                  && kubelets.stream().allMatch(KubeletLoop::synced);
      awaitReady(ready);
      warm.join();
      b.startup = Duration.ofNanos(System.nanoTime() - t0);
      SimulatedCluster cluster = new SimulatedCluster(b);
      LOGGER
          .atInfo()
          .addKeyValue("nodes", options.nodes())
          .addKeyValue("hardware", options.hardware().name())
          .addKeyValue("apiServer", api.url())
          .addKeyValue("manager", https)
          .addKeyValue("millis", b.startup.toMillis())
          .log("simulated cluster ready");
      return cluster;
    } catch (RuntimeException | IOException e) {
      closeAll(b.toClose);
      throw e;
    } finally {
      startup.shutdown();
    }
  }

  private static SimulatedNode startNode(
      SimulatorOptions options, int index, SimulatedNode.WriteListener onWrite) {
    String name = SimulatorOptions.nodeName(index);
    try {
      return SimulatedNode.start(
          index,
          options.hardware(),
          options.sysfsDir().map(d -> d.resolve(name).resolve("cpu")),
          options.socketDir().resolve(name + ".sock"),
          options.workdir().resolve("agents").resolve(name),
          onWrite);
    } catch (IOException e) {
      throw new UncheckedIOException("node " + name + " did not start", e);
    }
  }

  /**
   * Points the CRDs' conversion webhook at a free port, then starts the manager there: the API
   * server converts v1alpha1 through the manager, whose own informers list v1alpha1 while it
   * starts. Another process may take the port in between; then it tries again on another.
   */
  private static Manager startManager(
      SimulatorOptions options,
      Path certDir,
      String caPem,
      KubernetesClient system,
      KubernetesClient managerClient,
      Clock clock) {
    for (int attempt = 1; ; attempt++) {
      int port = ConversionWebhooks.freePort();
      ConversionWebhooks.install(system, "https://127.0.0.1:" + port, caPem);
      try {
        return Manager.start(
            managerConfig(options, certDir, port), managerClient, new PrometheusRegistry(), clock);
      } catch (RuntimeException e) {
        if (attempt >= PORT_ATTEMPTS || !portTaken(e)) {
          throw e;
        }
        LOGGER.atWarn().addKeyValue("port", port).log("the manager's port was taken; another one");
      }
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** Creates the power namespace unless it exists ({@code default} always does). */
  private static void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  private static ManagerConfig managerConfig(SimulatorOptions options, Path certDir, int port) {
    return new ManagerConfig(
        options.powerNamespace(),
        "127.0.0.1",
        port,
        0,
        Optional.of(certDir),
        Optional.empty(),
        Optional.empty(),
        ScorePolicy.SPREAD,
        ReconcilerConfig.defaults(options.powerNamespace(), AGENT_IMAGE));
  }

  private static AgentConfig agentConfig(SimulatorOptions options, SimulatedNode node) {
    return AgentConfig.defaults(node.name(), options.powerNamespace())
        .withSysfsRoot(node.sysfsRoot().orElse(Path.of(AgentConfig.DEFAULT_SYSFS_ROOT)))
        .withPodResourcesSocket(node.podResourcesSocket())
        .withStateDir(node.stateDir())
        .withResyncInterval(options.agentResync())
        .withHeartbeatInterval(options.heartbeat());
  }

  private static void awaitReady(BooleanSupplier ready) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the simulated cluster was not ready within " + READY_TIMEOUT.toSeconds() + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------ accessors

  public SimulatorOptions options() {
    return options;
  }

  public EmbeddedApiServer api() {
    return api;
  }

  /** A client for the API server, namespace {@code default}: what a user's kubectl would be. */
  public KubernetesClient client() {
    return api.client();
  }

  public Manager manager() {
    return manager;
  }

  /** The nodes, {@code node-1} first. */
  public List<SimulatedNode> nodes() {
    return nodes;
  }

  public SimulatedNode node(String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no simulated node " + name));
  }

  public TuneTracker tracker() {
    return tracker;
  }

  public AgentDaemonSetController agents() {
    return agents;
  }

  /** The manager's HTTPS server: {@code /mutate}, {@code /validate}, {@code /filter}, ... */
  public String managerUrl() {
    return "https://127.0.0.1:" + manager.httpsPort();
  }

  /** The CA that signed the manager's certificate (also in the webhooks' caBundle). */
  public String caPem() {
    return certificate.caCertificatePem();
  }

  public Path caFile() {
    return certDir.resolve("ca.crt");
  }

  /** How long {@link #start} took. */
  public Duration startupTime() {
    return startup;
  }

  /** Writes {@code <workdir>/kubeconfig} for kubectl and returns its path. */
  public Path writeKubeconfig() {
    return api.writeKubeconfig(options.workdir().resolve("kubeconfig").toAbsolutePath());
  }

  /**
   * Writes {@code <workdir>/endpoints.json} (after the kubeconfig) and returns its path: {@code
   * {"apiServer", "kubeconfig", "webhook", "extender", "caFile", "nodes": {"<name>": {"sysfsRoot",
   * "podResourcesSocket", "metrics"}}}}. The webhook and the extender share the manager's HTTPS
   * base URL ({@code /mutate}, {@code /validate}; {@code /filter}, {@code /prioritize}); {@code
   * sysfsRoot} is null for in-memory trees; {@code metrics} is the node agent's Prometheus
   * endpoint, up from the start (503 until an agent runs on the node).
   */
  public Path writeEndpoints() throws IOException {
    Path kubeconfig = writeKubeconfig();
    Map<String, Object> nodeMap = new LinkedHashMap<>();
    for (SimulatedNode n : nodes) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("sysfsRoot", n.sysfsRoot().map(p -> p.toAbsolutePath().toString()).orElse(null));
      entry.put("podResourcesSocket", n.podResourcesSocket().toString());
      entry.put("metrics", n.metricsUrl());
      nodeMap.put(n.name(), entry);
    }
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("apiServer", api.url());
    endpoints.put("kubeconfig", kubeconfig.toString());
    endpoints.put("webhook", managerUrl());
    endpoints.put("extender", managerUrl());
    endpoints.put("caFile", caFile().toAbsolutePath().toString());
    endpoints.put("nodes", nodeMap);
    Path file = options.workdir().resolve("endpoints.json").toAbsolutePath();
    Path tmp = Files.createTempFile(file.getParent(), ".endpoints", ".tmp");
    Files.writeString(
        tmp,
        client().getKubernetesSerialization().asJson(endpoints) + "\n",
        StandardCharsets.UTF_8);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * Stops everything in reverse order of start: the agents first (each restores every CPU it
   * tuned), then the scheduler, the kubelets' loops, the manager, the kubelets and the API server.
   * Idempotent.
   */
  @Override
  public void close() {
    closeAll(toClose);
  }

  private static void closeAll(Deque<AutoCloseable> toClose) {
    synchronized (toClose) {
      while (!toClose.isEmpty()) {
        try {
          toClose.pop().close();
        } catch (Exception e) {
          LOGGER.atWarn().setCause(e).log("stopping a simulator part failed");
        }
      }
    }
  }
}
