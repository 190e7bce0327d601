package io.powermanager.apiserver;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport of the front, on Vert.x 5 core: HTTP/1.1 (over TLS when the options carry a
 * serving certificate) for every request, chunked streaming for {@code ?watch=true} (kubectl,
 * client-go, fabric8 with {@code onlyHttpWatches}) and WebSocket upgrades for watches (the fabric8
 * client's default). Handlers run on a worker pool because they block on the store and on webhooks;
 * the event loop only moves bytes.
 */
final class FrontServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrontServer.class);

  /** How long a request may stay unanswered before the front logs it with a thread dump. */
  static final Duration SLOW_REQUEST = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpServer server;
  private final ExecutorService workers;
  private final ApiRouter router;

  private FrontServer(Vertx vertx, HttpServer server, ExecutorService workers, ApiRouter router) {
    this.vertx = vertx;
    this.server = server;
    this.workers = workers;
    this.router = router;
  }

  static FrontServer start(
      String host, int port, ApiRouter router, ApiServerOptions.ServingTls tls) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    ExecutorService workers =
        Executors.newCachedThreadPool(DaemonThreads.numbered("apiserver-front"));
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxWebSocketMessageSize(64 * 1024 * 1024)
            .setDecompressionSupported(true);
    if (tls != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertValue(Buffer.buffer(tls.certificatePem()))
                  .setKeyValue(Buffer.buffer(tls.privateKeyPem())));
    }
    HttpServer server = vertx.createHttpServer(options);
    FrontServer front = new FrontServer(vertx, server, workers, router);
    server.requestHandler(front::handle);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      workers.shutdownNow();
      throw new IllegalStateException("the API front cannot listen on " + host + ":" + port, e);
    }
    return front;
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest http) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    http.params()
        .forEach(e -> query.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    String method = http.method().name();
    String contentType = http.getHeader("Content-Type");
    String accept = http.getHeader("Accept");
    String client = Objects.requireNonNullElse(http.getHeader(FrontRequest.CLIENT_HEADER), "");
    FrontRequest head =
        new FrontRequest(method, http.path(), query, contentType, accept, client, new byte[0]);
    if (head.isWatch()) {
      http.pause();
      workers.execute(() -> watch(http, head));
      return;
    }
    String line = method + " " + http.uri();
    long watchdog = vertx.setTimer(SLOW_REQUEST.toMillis(), id -> reportSlow(line));
    http.body()
        .onSuccess(
            buffer ->
                workers.execute(
                    () -> {
                      try {
                        FrontRequest request =
                            new FrontRequest(
                                method,
                                http.path(),
                                query,
                                contentType,
                                accept,
                                client,
                                buffer.getBytes());
                        respond(http.response(), router.handle(request));
                      } finally {
                        vertx.cancelTimer(watchdog);
                      }
                    }))
        .onFailure(
            e -> {
              vertx.cancelTimer(watchdog);
              LOG.debug("request body of {} failed: {}", line, e.toString());
            });
  }

  /**
   * Logs a request still unanswered after {@link #SLOW_REQUEST}, with every thread's stack: a
   * client gives up on it at its request timeout (30 s for fabric8), and without this the reason
   * would be lost.
   */
  private static void reportSlow(String line) {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              dump.append('"')
                  .append(thread.getName())
                  .append("\" ")
                  .append(thread.getState())
                  .append('\n');
              for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
              }
            });
    LOG.warn("{} unanswered after {}; threads:\n{}", line, SLOW_REQUEST, dump);
  }

  private void watch(HttpServerRequest http, FrontRequest request) {
    WatchBridge.Request watch;
    try {
      watch = router.prepareWatch(request);
    } catch (ApiException e) {
      http.resume();
      respond(http.response(), FrontResponse.json(e.code(), e.status()));
      return;
    } catch (RuntimeException e) {
      http.resume();
      respond(http.response(), FrontResponse.json(500, ApiStatus.internal(e.toString()).status()));
      return;
    }
    if (http.canUpgradeToWebSocket()) {
      LOG.debug("watch {} over WebSocket", http.uri());
      http.toWebSocket()
          .onSuccess(socket -> workers.execute(() -> streamTo(new WebSocketSink(socket), watch)))
          .onFailure(
              e -> LOG.debug("websocket upgrade of {} failed: {}", http.path(), e.toString()));
    } else {
      LOG.debug("watch {} over chunked HTTP", http.uri());
      http.resume();
      streamTo(new ChunkedSink(http.response()), watch);
    }
  }

  private void streamTo(ClientSink sink, WatchBridge.Request watch) {
    AtomicReference<WatchBridge.Handle> handle = new AtomicReference<>();
    sink.onClientClose(
        () -> {
          WatchBridge.Handle h = handle.get();
          if (h != null) {
            h.close();
          }
        });
    try {
      handle.set(router.openWatch(watch, sink));
      sink.started();
      if (sink.clientClosed()) {
        handle.get().close();
      }
    } catch (ApiException e) {
      sink.fail(e);
    } catch (RuntimeException e) {
      sink.fail(ApiStatus.internal(e.toString()));
    }
  }

  private static void respond(HttpServerResponse response, FrontResponse answer) {
    response.setStatusCode(answer.code());
    response.putHeader("Content-Type", answer.contentType());
    for (String warning : answer.warnings()) {
      response.headers().add("Warning", warningHeader(warning));
    }
    response.end(io.vertx.core.buffer.Buffer.buffer(answer.body()));
  }

  /** {@code 299 - "text"}, quoted as kube-apiserver's warning recorder does. */
  static String warningHeader(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing the API front: {}", e.toString());
    }
    workers.shutdownNow();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing Vert.x: {}", e.toString());
    }
  }

  /** A watch sink that also knows about the client's side of the connection. */
  private interface ClientSink extends WatchBridge.Sink {
    void onClientClose(Runnable action);

    boolean clientClosed();

    /** The watch is established: answer the request now even if no event has been sent. */
    void started();

    /** The watch could not start. */
    void fail(ApiException e);
  }

  /** Remembers that the client went away, for either transport. */
  private abstract static class ClosingSink implements ClientSink {
    private volatile boolean clientClosed;

    /** A close handler that marks the client gone, then runs {@code action}. */
    final Handler<Void> closing(Runnable action) {
      return v -> {
        clientClosed = true;
        action.run();
      };
    }

    @Override
    public final boolean clientClosed() {
      return clientClosed;
    }
  }

  /** {@code Transfer-Encoding: chunked}, one JSON event per line. */
  private static final class ChunkedSink extends ClosingSink {
    private final HttpServerResponse response;
    private boolean headWritten;
    private boolean ended;

    ChunkedSink(HttpServerResponse response) {
      this.response = response;
    }

    @Override
    public void onClientClose(Runnable action) {
      response.closeHandler(closing(action));
    }

    private void head() {
      if (!headWritten) {
        headWritten = true;
        response.setStatusCode(200);
        response.putHeader("Content-Type", "application/json");
        response.setChunked(true);
      }
    }

    @Override
    public synchronized void started() {
      if (!ended) {
        head();
        if (!response.headWritten()) {
          response.writeHead();
        }
      }
    }

    @Override
    public synchronized void send(String event) {
      if (!ended && !clientClosed()) {
        head();
        response.write(event + "\n");
      }
    }

    @Override
    public synchronized void close() {
      if (!ended) {
        ended = true;
        head();
        if (!clientClosed()) {
          response.end();
        }
      }
    }

    @Override
    public synchronized void fail(ApiException e) {
      if (!headWritten && !ended) {
        ended = true;
        respond(response, FrontResponse.json(e.code(), e.status()));
      } else {
        close();
      }
    }
  }

  /** One text message per event, as kube-apiserver's WebSocket watch. */
  private static final class WebSocketSink extends ClosingSink {
    private final ServerWebSocket socket;
    private boolean closed;

    WebSocketSink(ServerWebSocket socket) {
      this.socket = socket;
    }

    @Override
    public void onClientClose(Runnable action) {
      socket.closeHandler(closing(action));
    }

    @Override
    public void started() {}

    @Override
    public synchronized void send(String event) {
      if (!closed && !clientClosed()) {
        socket.writeTextMessage(event);
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        if (!clientClosed()) {
          socket.close();
        }
      }
    }

    @Override
    public void fail(ApiException e) {
      tools.jackson.databind.node.ObjectNode event = Json.object();
      event.put("type", "ERROR");
      event.set("object", e.status());
      send(Json.text(event));
      close();
    }
  }
}
