package io.powermanager.reconciler.bench;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-process API server: fabric8's CRUD mock (plain HTTP on 127.0.0.1) behind a dispatcher that
 * logs every request by verb and resource and can answer injected failures instead. Used by the
 * reconciler benchmark and tests until the apiserver module's EmbeddedApiServer (which offers the
 * same {@code requests()}/{@code faults()} shape) is on main.
 */
public final class CountingApiServer implements AutoCloseable {

  /** Held so the level set on it stays: the mock logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The request header naming a client made by {@link #newClient(String)}. */
  static final String CLIENT_HEADER = "X-Power-Test-Client";

  private final KubernetesMockServer mock;
  private final RequestLog requests = new RequestLog();
  private final FaultInjector faults = new FaultInjector();
  private final java.util.Set<String> partitioned =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private CountingApiServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    this.mock =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(), false);
  }

  public static CountingApiServer start() {
    CountingApiServer server = new CountingApiServer();
    try {
      server.mock.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the mock API server", e);
    }
    return server;
  }

  /** A new client of this server; the caller closes it. */
  public KubernetesClient newClient() {
    return mock.createClient();
  }

  /**
   * A new client whose requests carry its name, so that {@link #partition} can cut it off; the
   * caller closes it.
   */
  public KubernetesClient newClient(String name) {
    return mock.createClient(
        b -> b.editOrNewConfig().addToCustomHeaders(CLIENT_HEADER, name).endConfig());
  }

  /**
   * Cuts the named client off: every new request it sends answers 503 (watches already open stay
   * open), as if the network between it and the API server broke.
   */
  public void partition(String clientName) {
    partitioned.add(clientName);
  }

  public void heal(String clientName) {
    partitioned.remove(clientName);
  }

  public void healAll() {
    partitioned.clear();
  }

  public RequestLog requests() {
    return requests;
  }

  public FaultInjector faults() {
    return faults;
  }

  /** Drops the requests the mock web server keeps for {@code takeRequest} (they pile up). */
  public void forgetRecordedRequests() {
    try {
      while (mock.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the server. The mock can fail to stop in time when a watch was closed while it was
   * sending on it (its event loop then waits up to a minute); that is logged, not thrown.
   */
  @Override
  public void close() {
    try {
      mock.destroy();
    } catch (IllegalStateException e) {
      MOCK_LOG.warning("the mock API server did not stop cleanly: " + e);
    }
  }

  private final class Dispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String client = request.getHeader(CLIENT_HEADER);
      RequestLog.Entry entry = RequestLog.parse(request.getMethod(), request.getPath(), client);
      requests.record(entry);
      int code = client != null && partitioned.contains(client) ? 503 : faults.take(entry);
      if (code != 0) {
        return new MockResponse()
            .setResponseCode(code)
            .setBody(
                JSON.asJson(
                    new StatusBuilder()
                        .withStatus("Failure")
                        .withCode(code)
                        .withReason(code == 409 ? "Conflict" : "InjectedFailure")
                        .withMessage(
                            "injected failure for "
                                + entry.verb()
                                + " "
                                + entry.resource()
                                + " "
                                + entry.name())
                        .build()));
      }
      MockResponse response = super.dispatch(request);
      if (entry.isWrite() && response.code() >= 400) {
        requests.refused(entry, response.code());
      }
      return response;
    }
  }
}
