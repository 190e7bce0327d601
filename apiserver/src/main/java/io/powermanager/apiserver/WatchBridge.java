package io.powermanager.apiserver;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves one client watch from the mock's WebSocket watch on the whole collection, the way
 * kube-apiserver would have served it:
 *
 * <ul>
 *   <li>the mock replays every stored object as ADDED when a watch opens; those at or below the
 *       requested resourceVersion are dropped (the client listed them already);
 *   <li>field and label selectors are evaluated here, with transitions: an object that starts to
 *       match arrives as ADDED, one that stops matching as DELETED;
 *   <li>{@code sendInitialEvents=true} lists first, sends the list as ADDED and then a BOOKMARK
 *       annotated {@code k8s.io/initial-events-end};
 *   <li>{@code timeoutSeconds} ends the stream; objects become Tables when the client asked.
 * </ul>
 *
 * <p>Known gap: an object deleted between the client's list and the moment this bridge connects is
 * not reported (the mock keeps no event history). The window is the few milliseconds between a
 * client's list and its watch.
 */
final class WatchBridge {
  private static final Logger LOG = LoggerFactory.getLogger(WatchBridge.class);

  /** Where events go: an HTTP chunked stream or a WebSocket to the client. */
  interface Sink {
    void send(String event);

    void close();
  }

  /**
   * One client watch.
   *
   * @param resourceVersion 0 to start "at any" (every object arrives as ADDED)
   * @param timeout null for no server-side timeout
   * @param table null unless the client asked for Table objects
   */
  record Request(
      ResourceType type,
      String namespace,
      FieldSelector fields,
      LabelSelector labels,
      long resourceVersion,
      boolean sendInitialEvents,
      Duration timeout,
      TableRenderer.IncludeObject table) {}

  /** Stops a watch; idempotent. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private final MockStore store;
  private final TableRenderer tables;
  private final ScheduledExecutorService timer;

  WatchBridge(MockStore store, TableRenderer tables, ScheduledExecutorService timer) {
    this.store = store;
    this.tables = tables;
    this.timer = timer;
  }

  /** Opens the watch; events flow to {@code sink} until either side closes. */
  Handle open(Request request, Sink sink) {
    Session session = new Session(request, sink);
    session.start();
    return session::close;
  }

  private final class Session implements WebSocket.Listener {
    private final Request request;
    private final Sink sink;
    private final Map<String, Boolean> matching = new HashMap<>();
    private final List<String> buffered = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private long startVersion;
    private boolean started;
    private boolean closed;
    private WebSocket upstream;
    private ScheduledFuture<?> deadline;

    Session(Request request, Sink sink) {
      this.request = request;
      this.sink = sink;
      this.startVersion = request.resourceVersion();
    }

    void start() {
      WebSocket socket;
      try {
        socket =
            store
                .watchHttp()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(store.watchUri(request.type(), request.namespace()), this)
                .get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw ApiStatus.internal("cannot open a watch on the store: " + e);
      }
      try {
        begin(socket);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Sends the initial events if asked, then releases what the store sent meanwhile. */
    private synchronized void begin(WebSocket socket) {
      upstream = socket;
      if (request.sendInitialEvents()) {
        MockStore.Listing listing = store.list(request.type(), request.namespace());
        for (JsonNode item : listing.items()) {
          boolean match = selected(item);
          matching.put(key(item), match);
          if (match) {
            emit("ADDED", item);
          }
        }
        startVersion = Json.parseVersion(listing.resourceVersion());
        bookmark(listing.resourceVersion());
      }
      started = true;
      List<String> early = new ArrayList<>(buffered);
      buffered.clear();
      early.forEach(this::process);
      if (request.timeout() != null && !closed) {
        deadline = timer.schedule(this::close, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        synchronized (this) {
          if (!started) {
            buffered.add(message);
          } else {
            process(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      close();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      LOG.debug("store watch on {} failed: {}", request.type().plural(), error.toString());
      close();
    }

    private void process(String message) {
      if (closed) {
        return;
      }
      JsonNode event;
      try {
        event = Json.parse(message);
      } catch (RuntimeException e) {
        LOG.warn("unreadable watch event from the store: {}", message);
        return;
      }
      String type = event.path("type").asString("");
      JsonNode object = event.path("object");
      if (type.equals("ERROR")) {
        sink.send(message);
        return;
      }
      if (!object.isObject() || type.equals("BOOKMARK")) {
        return;
      }
      String key = key(object);
      boolean match = selected(object);
      if (type.equals("DELETED")) {
        Boolean was = matching.remove(key);
        if (Boolean.TRUE.equals(was) || (was == null && match)) {
          emit("DELETED", object);
        }
        return;
      }
      if (type.equals("ADDED")
          && startVersion > 0
          && Json.resourceVersion(object) <= startVersion) {
        matching.putIfAbsent(key, match);
        return;
      }
      boolean was = Boolean.TRUE.equals(matching.get(key));
      matching.put(key, match);
      if (was && match) {
        emit("MODIFIED", object);
      } else if (was) {
        emit("DELETED", object);
      } else if (match) {
        emit("ADDED", object);
      }
    }

    private boolean selected(JsonNode object) {
      return request.fields().matches(object) && request.labels().matchesObject(object);
    }

    private void emit(String type, JsonNode stored) {
      JsonNode object;
      try {
        object = store.inVersion(request.type(), stored);
      } catch (ApiException e) {
        // kube-apiserver ends a watch whose events cannot be converted with an ERROR event
        ObjectNode error = Json.object();
        error.put("type", "ERROR");
        error.set("object", e.status());
        sink.send(Json.text(error));
        close();
        return;
      }
      ObjectNode event = Json.object();
      event.put("type", type);
      if (request.table() != null) {
        event.set(
            "object",
            tables.table(
                request.type(),
                List.of(object),
                Json.string(object, "metadata.resourceVersion"),
                request.table()));
      } else {
        event.set("object", object);
      }
      sink.send(Json.text(event));
    }

    private void bookmark(String resourceVersion) {
      ObjectNode event = Json.object();
      event.put("type", "BOOKMARK");
      ObjectNode object = event.putObject("object");
      object.put("kind", request.type().kind());
      object.put("apiVersion", request.type().apiVersion());
      ObjectNode metadata = object.putObject("metadata");
      metadata.put("resourceVersion", resourceVersion);
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
      sink.send(Json.text(event));
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      if (upstream != null) {
        upstream.abort();
      }
      sink.close();
    }
  }

  private static String key(JsonNode object) {
    return Json.namespace(object) + "/" + Json.name(object);
  }
}
