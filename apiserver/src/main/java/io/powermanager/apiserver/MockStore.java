package io.powermanager.apiserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fabric8 CRUD mock as a typed object store: plain JSON over HTTP, with the mock's terse errors
 * (empty 404s, 409 "Invalid") turned into the Status bodies kube-apiserver would send.
 */
final class MockStore {
  /** A list answer: its items and the store's resourceVersion at the time of the list. */
  record Listing(List<JsonNode> items, String resourceVersion) {}

  /**
   * Where objects of a type are stored and how they change version on the way in and out: the
   * storage version of a custom resource's CRD, through its conversion. The identity by default.
   */
  interface Versions {
    /** The type objects of {@code type} are stored as (itself when it is the storage version). */
    ResourceType storage(ResourceType type);

    /**
     * {@code objects} in {@code target}'s version, in order.
     *
     * @throws ApiException when the conversion fails
     */
    List<JsonNode> convert(ResourceType target, List<JsonNode> objects);
  }

  private static final Versions IDENTITY =
      new Versions() {
        @Override
        public ResourceType storage(ResourceType type) {
          return type;
        }

        @Override
        public List<JsonNode> convert(ResourceType target, List<JsonNode> objects) {
          return objects;
        }
      };

  private final String baseUrl;
  private final HttpClient http;
  private final HttpClient watchHttp;
  private volatile Runnable deleted = () -> {};
  private volatile Versions versions = IDENTITY;

  MockStore(String baseUrl) {
    this.baseUrl = baseUrl;
    // Request/response calls complete on the selector thread (no executor hand-off: the mock is
    // in-process and answers at once); watches get a client with the default executor, because
    // their listeners may block while a watch starts.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Runnable::run)
            .build();
    this.watchHttp =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Called after every deletion stored here (the garbage collector's trigger). */
  void onDeleted(Runnable listener) {
    this.deleted = listener;
  }

  /** Stores custom resources in their CRD's storage version, converting on the way. */
  void useVersions(Versions newVersions) {
    this.versions = newVersions;
  }

  /** {@code object} (as stored) in {@code type}'s version. */
  JsonNode inVersion(ResourceType type, JsonNode object) {
    if (type.apiVersion().equals(object.path("apiVersion").asString(""))) {
      return object;
    }
    return versions.convert(type, List.of(object)).get(0);
  }

  /** The type objects of {@code type} are stored as: its CRD's storage version. */
  ResourceType stored(ResourceType type) {
    return versions.storage(type);
  }

  private ObjectNode toStorage(ResourceType type, ResourceType storage, ObjectNode object) {
    if (storage == type) {
      return object;
    }
    return (ObjectNode) versions.convert(storage, List.of(object)).get(0);
  }

  /** The client for WebSocket watches on the store. */
  HttpClient watchHttp() {
    return watchHttp;
  }

  /** The WebSocket URI of a watch on the collection (all objects; the front filters). */
  URI watchUri(ResourceType type, String namespace) {
    return URI.create(
        baseUrl.replaceFirst("^http", "ws")
            + path(stored(type), namespace, "", "")
            + "?watch=true");
  }

  JsonNode get(ResourceType type, String namespace, String name) {
    Answer a = send("GET", path(stored(type), namespace, name, ""), null);
    if (a.code() == 404) {
      throw ApiStatus.notFound(type, name);
    }
    return inVersion(type, a.expectOk(type, name));
  }

  /** The object, or null when it does not exist. */
  JsonNode find(ResourceType type, String namespace, String name) {
    Answer a = send("GET", path(stored(type), namespace, name, ""), null);
    return a.code() == 404 ? null : inVersion(type, a.expectOk(type, name));
  }

  /** The collection in {@code type}'s version: one conversion for the whole page. */
  Listing list(ResourceType type, String namespace) {
    Answer a = send("GET", path(stored(type), namespace, "", ""), null);
    JsonNode body = a.expectOk(type, "");
    List<JsonNode> items = new ArrayList<>();
    body.path("items").forEach(items::add);
    List<JsonNode> converted = new ArrayList<>();
    List<JsonNode> other = new ArrayList<>();
    for (JsonNode item : items) {
      if (!type.apiVersion().equals(item.path("apiVersion").asString(""))) {
        other.add(item);
      }
    }
    if (!other.isEmpty()) {
      java.util.Iterator<JsonNode> done = versions.convert(type, other).iterator();
      for (JsonNode item : items) {
        converted.add(
            type.apiVersion().equals(item.path("apiVersion").asString("")) ? item : done.next());
      }
      items = converted;
    }
    return new Listing(items, Json.string(body, "metadata.resourceVersion"));
  }

  JsonNode create(ResourceType type, String namespace, ObjectNode object) {
    ResourceType storage = stored(type);
    Answer a = send("POST", path(storage, namespace, "", ""), toStorage(type, storage, object));
    if (a.code() == 409) {
      throw ApiStatus.alreadyExists(type, Json.name(object));
    }
    return inVersion(type, a.expectOk(type, Json.name(object)));
  }

  /** Stores an update; a {@code status} write goes to the mock's status subresource. */
  JsonNode replace(ResourceType type, ObjectNode object, String subresource) {
    String name = Json.name(object);
    ResourceType storage = stored(type);
    Answer a =
        send(
            "PUT",
            path(storage, Json.namespace(object), name, subresource),
            toStorage(type, storage, object));
    if (a.code() == 409) {
      throw ApiStatus.conflict(type, name);
    }
    if (a.code() == 404) {
      throw ApiStatus.notFound(type, name);
    }
    JsonNode stored = inVersion(type, a.expectOk(type, name));
    if (object.path("metadata").has("deletionTimestamp")
        && object.path("metadata").path("finalizers").isEmpty()) {
      deleted.run(); // the mock removes an object whose last finalizer went
    }
    return stored;
  }

  JsonNode delete(ResourceType type, String namespace, String name) {
    Answer a = send("DELETE", path(stored(type), namespace, name, ""), null);
    if (a.code() == 404) {
      throw ApiStatus.notFound(type, name);
    }
    JsonNode gone = inVersion(type, a.expectOk(type, name));
    deleted.run();
    return gone;
  }

  static String path(ResourceType type, String namespace, String name, String subresource) {
    StringBuilder p =
        new StringBuilder(type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/");
    p.append(type.version());
    if (type.namespaced() && !namespace.isEmpty()) {
      p.append("/namespaces/").append(namespace);
    }
    p.append('/').append(type.plural());
    if (!name.isEmpty()) {
      p.append('/').append(name);
      if (!subresource.isEmpty()) {
        p.append('/').append(subresource);
      }
    }
    return p.toString();
  }

  private record Answer(int code, byte[] body) {
    JsonNode expectOk(ResourceType type, String name) {
      if (code >= 200 && code < 300) {
        return Json.parse(body);
      }
      if (body.length > 0) {
        JsonNode status = Json.parse(body);
        if (status instanceof ObjectNode o && "Status".equals(o.path("kind").asString(""))) {
          o.put("reason", ApiStatus.reasonFor(code));
          throw new ApiException(o);
        }
      }
      throw ApiStatus.internal(
          "the store answered " + code + " for " + type.qualifiedPlural() + " \"" + name + "\"");
    }
  }

  private Answer send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw ApiStatus.internal(
          "the store at " + baseUrl + " failed " + method + " " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiStatus.internal("interrupted during " + method + " " + path);
    }
  }
}
