package io.powermanager.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * An in-process stand-in for kube-apiserver: the fabric8 CRUD mock behind a front that speaks
 * discovery, OpenAPI v3 (minimal), Tables, plain-HTTP and WebSocket watch, field and set-based
 * label selectors, strategic merge patch, defaulting, {@code dryRun} and webhook admission. Point
 * kubectl at {@link #writeKubeconfig(Path)} or any fabric8 code at {@link #client()}.
 *
 * <pre>{@code
 * try (EmbeddedApiServer api = EmbeddedApiServer.start(ApiServerOptions.defaults())) {
 *   api.client().pods().inNamespace("default").resource(pod).create();
 *   api.requests().reset();
 *   api.faults().failNext("update", "pods", "web-1", 409);
 * }
 * }</pre>
 *
 * <p>Everything listens on 127.0.0.1 over plain HTTP. The front owns all semantics; the mock is
 * only storage, so writes made through {@link #mock()} skip defaulting, admission and the request
 * log.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** Held so the level set on it stays: the mock logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private static final List<String> SYSTEM_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final KubernetesMockServer mock;
  private final FrontServer front;
  private final ScheduledExecutorService timer;
  private final RequestLog requests;
  private final FaultInjector faults;
  private final GarbageCollector garbage;
  private final String url;
  private final ApiServerOptions.ServingTls tls;
  private final KubernetesClient client;

  private EmbeddedApiServer(
      KubernetesMockServer mock,
      FrontServer front,
      ScheduledExecutorService timer,
      RequestLog requests,
      FaultInjector faults,
      GarbageCollector garbage,
      ApiServerOptions.ServingTls tls) {
    this.mock = mock;
    this.front = front;
    this.timer = timer;
    this.requests = requests;
    this.faults = faults;
    this.garbage = garbage;
    this.tls = tls;
    this.url = (tls == null ? "http" : "https") + "://127.0.0.1:" + front.port();
    this.client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  /** Starts the mock and the front; the default namespaces exist when it returns. */
  public static EmbeddedApiServer start(ApiServerOptions options) {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("apiserver-watch-timeouts"));
    FrontServer front = null;
    GarbageCollector garbage = null;
    try {
      mock.init(InetAddress.getByName("127.0.0.1"), 0);
      MockStore store = new MockStore("http://127.0.0.1:" + mock.getPort());
      ResourceType crds =
          ResourceCatalog.builtIn("apiextensions.k8s.io", "v1", "customresourcedefinitions");
      ResourceType namespaces = ResourceCatalog.builtIn("", "v1", "namespaces");
      ResourceCatalog catalog =
          new ResourceCatalog(() -> store.list(crds, "").items(), options.crdConversion());
      Clock clock = Clock.systemUTC();
      Defaulter defaulter = new Defaulter(clock, new SecureRandom());
      WebhookConfigurations webhooks =
          new WebhookConfigurations(
              plural ->
                  store
                      .list(
                          ResourceCatalog.builtIn("admissionregistration.k8s.io", "v1", plural), "")
                      .items());
      CustomResourceSchemas schemas = new CustomResourceSchemas(() -> store.list(crds, "").items());
      WebhookCaller caller = new WebhookCaller(options.services());
      CrdConversions conversions =
          new CrdConversions(() -> store.list(crds, "").items(), catalog, caller);
      if (options.crdConversion()) {
        store.useVersions(conversions);
      }
      AdmissionController admission =
          new AdmissionController(
              webhooks::get,
              namespace -> namespaceLabels(store, namespaces, namespace),
              caller,
              defaulter::afterMutation,
              schemas::validate);
      WritePipeline writes =
          new WritePipeline(
              store,
              defaulter,
              admission,
              schemas,
              type -> {
                webhooks.written(type);
                catalog.written(type);
                schemas.written(type);
                conversions.written(type);
              });
      garbage = new GarbageCollector(store, catalog::all, collectWith(writes)).start();
      store.onDeleted(garbage::request);
      TableRenderer tables = new TableRenderer(clock);
      AtomicReference<String> address = new AtomicReference<>("127.0.0.1:" + options.port());
      RequestLog requests = new RequestLog();
      FaultInjector faults = new FaultInjector();
      ApiRouter router =
          new ApiRouter(
              catalog,
              new Discovery(catalog, options.kubernetesVersion(), address::get),
              new OpenApiDocuments(catalog, options.kubernetesVersion()),
              store,
              writes,
              tables,
              new WatchBridge(store, tables, timer),
              requests,
              faults);
      front = FrontServer.start("127.0.0.1", options.port(), router, options.tls());
      address.set("127.0.0.1:" + front.port());
      for (String name : SYSTEM_NAMESPACES) {
        tools.jackson.databind.node.ObjectNode ns = Json.object();
        Json.metadata(ns).put("name", name);
        ns.putObject("status").put("phase", "Active");
        writes.create(namespaces, "", ns, false);
      }
      return new EmbeddedApiServer(mock, front, timer, requests, faults, garbage, options.tls());
    } catch (IOException e) {
      closeQuietly(garbage);
      cleanUp(mock, front, timer);
      throw new UncheckedIOException("cannot start the embedded API server", e);
    } catch (RuntimeException e) {
      closeQuietly(garbage);
      cleanUp(mock, front, timer);
      throw e;
    }
  }

  /** kube-controller-manager's delete of a dependent: background, only if the uid still matches. */
  private static GarbageCollector.Deleter collectWith(WritePipeline writes) {
    return (type, namespace, name, uid) -> {
      tools.jackson.databind.node.ObjectNode options = Json.object();
      options.put("propagationPolicy", "Background");
      options.putObject("preconditions").put("uid", uid);
      writes.delete(type, namespace, name, options, false);
    };
  }

  private static void closeQuietly(GarbageCollector garbage) {
    if (garbage != null) {
      garbage.close();
    }
  }

  /** The front's base URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS options). */
  public String url() {
    return url;
  }

  /** The front's port. */
  public int port() {
    return front.port();
  }

  /**
   * A fabric8 client for the front ({@link #clientConfig()}), default namespace {@code default};
   * closed by {@link #close()}.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client of the front whose requests carry {@code name}: the {@link #requests()} log tells
   * its requests apart ({@link RequestLog#writesBy(String)}) and {@link FaultInjector#partition}
   * can cut it off. The caller closes it.
   */
  public KubernetesClient newClient(String name) {
    Config config = clientConfig();
    config.setCustomHeaders(new HashMap<>(java.util.Map.of(FrontRequest.CLIENT_HEADER, name)));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A fresh client configuration for the front, to build more clients from. It turns off the
   * client's retries of 5xx answers: the front answers at once, and tests want to see every error.
   */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withRequestTimeout(30_000)
        .withConnectionTimeout(10_000)
        .withRequestRetryBackoffLimit(0)
        .withCaCertData(tls == null ? null : tls.caCertData())
        .build();
  }

  /**
   * Writes a kubeconfig (context {@code embedded}, namespace {@code default}) for kubectl.
   *
   * @return {@code file}
   */
  public Path writeKubeconfig(Path file) {
    try {
      Kubeconfig.write(file, url, "default", tls == null ? null : tls.caCertData());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a kubeconfig to " + file, e);
    }
  }

  /** The storage behind the front. Writes made here bypass every front semantic. */
  public KubernetesMockServer mock() {
    return mock;
  }

  /** Every resource request the front received, for counting reads and writes. */
  public RequestLog requests() {
    return requests;
  }

  /** Failures to answer instead of serving the next matching requests. */
  public FaultInjector faults() {
    return faults;
  }

  /**
   * Runs the garbage collector now (it also runs after every deletion and periodically): deletes,
   * transitively, every object whose ownerReferences all name owners that are gone.
   *
   * @return how many objects it deleted
   */
  public int collectGarbage() {
    return garbage.collect();
  }

  @Override
  public void close() {
    garbage.close();
    client.close();
    cleanUp(mock, front, timer);
  }

  private static JsonNode namespaceLabels(MockStore store, ResourceType namespaces, String name) {
    JsonNode namespace = name.isEmpty() ? null : store.find(namespaces, "", name);
    JsonNode labels = namespace == null ? null : Json.at(namespace, "metadata.labels");
    tools.jackson.databind.node.ObjectNode result =
        labels instanceof tools.jackson.databind.node.ObjectNode o ? o.deepCopy() : Json.object();
    // kube-apiserver labels every namespace with its name (NamespaceDefaultLabelName)
    result.put("kubernetes.io/metadata.name", name);
    return result;
  }

  private static void cleanUp(
      KubernetesMockServer mock, FrontServer front, ScheduledExecutorService timer) {
    if (front != null) {
      front.close();
    }
    timer.shutdownNow();
    mock.destroy();
  }
}
