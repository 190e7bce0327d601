package io.powermanager.apiserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides what each request to the front is and answers it: discovery, OpenAPI and health
 * endpoints; resource reads (selectors and tables applied here); writes through the {@link
 * WritePipeline}; watches through the {@link WatchBridge}. Every resource request is recorded in
 * the {@link RequestLog} and may be answered by an injected fault first.
 */
final class ApiRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final OpenApiDocuments openApi;
  private final MockStore store;
  private final WritePipeline writes;
  private final TableRenderer tables;
  private final WatchBridge watches;
  private final RequestLog log;
  private final FaultInjector faults;

  ApiRouter(
      ResourceCatalog catalog,
      Discovery discovery,
      OpenApiDocuments openApi,
      MockStore store,
      WritePipeline writes,
      TableRenderer tables,
      WatchBridge watches,
      RequestLog log,
      FaultInjector faults) {
    this.catalog = catalog;
    this.discovery = discovery;
    this.openApi = openApi;
    this.store = store;
    this.writes = writes;
    this.tables = tables;
    this.watches = watches;
    this.log = log;
    this.faults = faults;
  }

  /**
   * Answers a request that is not a watch; never throws: anything thrown, errors included, is a 500
   * Status, so that no request is left without a response (kube-apiserver's panic recovery does the
   * same).
   */
  FrontResponse handle(FrontRequest request) {
    try {
      Optional<ResourcePath> resource = ResourcePath.parse(request.path());
      if (resource.isPresent()) {
        return resource(request, resource.get());
      }
      return nonResource(request);
    } catch (ApiException e) {
      return FrontResponse.json(e.code(), e.status());
    } catch (RuntimeException e) {
      return FrontResponse.json(500, ApiStatus.internal(e.toString()).status());
    } catch (Error e) {
      LOG.warn("{} {} failed in the front: {}", request.method(), request.path(), e.toString(), e);
      return FrontResponse.json(500, ApiStatus.internal(e.toString()).status());
    }
  }

  /**
   * Reads a watch request and records it; throws {@link ApiException} when it cannot be served, so
   * that the transport answers a Status before it starts streaming or upgrades.
   */
  WatchBridge.Request prepareWatch(FrontRequest request) {
    ResourcePath path =
        ResourcePath.parse(request.path())
            .orElseThrow(() -> ApiStatus.notFoundPath(request.path()));
    ResourceType type = resolve(path);
    RequestLog.Entry entry = record(request, path, type);
    ApiException fault = faults.take(entry, type);
    if (fault != null) {
      throw fault;
    }
    QueryParameters.check(request);
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
    if (!path.name().isEmpty()) {
      String byName = "metadata.name=" + path.name();
      fields =
          FieldSelector.parse(
              request.param("fieldSelector").isEmpty()
                  ? byName
                  : request.param("fieldSelector") + "," + byName);
    }
    Long timeout = QueryParameters.int64(request, "timeoutSeconds");
    WatchBridge.Request watch =
        new WatchBridge.Request(
            type,
            path.namespace(),
            fields,
            LabelSelector.parse(request.param("labelSelector")),
            Json.parseVersion(request.param("resourceVersion")),
            QueryParameters.bool(request, "sendInitialEvents"),
            timeout == null || timeout <= 0 ? null : Duration.ofSeconds(timeout),
            TableRenderer.wantsTable(request.accept())
                ? TableRenderer.IncludeObject.parse(request.param("includeObject"))
                : null);
    return watch;
  }

  /** Starts streaming a prepared watch to {@code sink}. */
  WatchBridge.Handle openWatch(WatchBridge.Request watch, WatchBridge.Sink sink) {
    return watches.open(watch, sink);
  }

  private FrontResponse nonResource(FrontRequest request) {
    String path = request.path().replaceAll("/+$", "");
    if (!request.method().equals("GET")) {
      throw ApiStatus.notFoundPath(request.path());
    }
    String[] parts = path.replaceAll("^/+", "").split("/");
    return switch (parts[0]) {
      case "version" -> FrontResponse.json(200, discovery.version());
      case "healthz", "livez", "readyz" -> FrontResponse.text(200, "ok");
      case "api" -> {
        if (parts.length == 1) {
          yield FrontResponse.json(200, discovery.coreVersions());
        }
        yield FrontResponse.json(
            200,
            discovery
                .resources("", parts[1])
                .orElseThrow(() -> ApiStatus.notFoundPath(request.path())));
      }
      case "apis" -> {
        if (parts.length == 1) {
          yield FrontResponse.json(200, discovery.groupList());
        }
        if (parts.length == 2) {
          yield FrontResponse.json(
              200,
              discovery.group(parts[1]).orElseThrow(() -> ApiStatus.notFoundPath(request.path())));
        }
        yield FrontResponse.json(
            200,
            discovery
                .resources(parts[1], parts[2])
                .orElseThrow(() -> ApiStatus.notFoundPath(request.path())));
      }
      case "openapi" -> FrontResponse.json(200, openApi(parts, request.path()));
      default -> throw ApiStatus.notFoundPath(request.path());
    };
  }

  private JsonNode openApi(String[] parts, String path) {
    if (parts.length < 2 || !parts[1].equals("v3")) {
      throw ApiStatus.notFoundPath(path);
    }
    if (parts.length == 2) {
      return openApi.index();
    }
    Optional<ObjectNode> doc =
        parts[2].equals("api") && parts.length == 4
            ? openApi.document("", parts[3])
            : parts[2].equals("apis") && parts.length == 5
                ? openApi.document(parts[3], parts[4])
                : Optional.empty();
    return doc.orElseThrow(() -> ApiStatus.notFoundPath(path));
  }

  private FrontResponse resource(FrontRequest request, ResourcePath path) {
    ResourceType type = resolve(path);
    RequestLog.Entry entry = record(request, path, type);
    ApiException fault = faults.take(entry, type);
    if (fault != null) {
      throw fault;
    }
    if (!entry.isWrite()) {
      return serve(request, path, type, entry);
    }
    try {
      FrontResponse response = serve(request, path, type, entry);
      if (response.code() >= 400) {
        log.refused(entry, response.code());
      }
      return response;
    } catch (ApiException e) {
      log.refused(entry, e.code());
      throw e;
    }
  }

  /** Serves a resource request that was recorded and not answered by a fault. */
  private FrontResponse serve(
      FrontRequest request, ResourcePath path, ResourceType type, RequestLog.Entry entry) {
    QueryParameters.check(request);
    boolean dryRun = dryRun(request.query().getOrDefault("dryRun", List.of()));
    FieldValidation fieldValidation = FieldValidation.parse(request.param("fieldValidation"));
    String ns = path.namespace();
    String name = path.name();
    String sub = path.subresource();
    return switch (entry.verb()) {
      case "get" -> single(request, type, store.get(type, ns, name));
      case "list" -> list(request, type, ns);
      case "create" -> {
        if (type.plural().equals("bindings") && !type.custom()) {
          JsonNode binding = body(request);
          WritePipeline.Result r = writes.bind(podsType(), ns, Json.name(binding), binding, dryRun);
          yield FrontResponse.json(r.code(), r.body());
        }
        if (sub.equals("binding") && type.plural().equals("pods") && !type.custom()) {
          WritePipeline.Result r = writes.bind(type, ns, name, body(request), dryRun);
          yield FrontResponse.json(r.code(), r.body());
        }
        if (!name.isEmpty()) {
          throw ApiStatus.methodNotAllowed(
              "POST is not supported on " + type.qualifiedPlural() + "/" + name);
        }
        yield answer(writes.create(type, ns, body(request), dryRun, fieldValidation));
      }
      case "update" ->
          answer(writes.update(type, ns, name, sub, body(request), dryRun, fieldValidation));
      case "patch" ->
          answer(
              writes.patch(
                  type,
                  ns,
                  name,
                  sub,
                  request.contentType(),
                  patchBody(request),
                  dryRun,
                  fieldValidation));
      case "delete" -> {
        JsonNode options = request.body().length == 0 ? null : body(request);
        yield answer(writes.delete(type, ns, name, options, dryRun || dryRunOption(options)));
      }
      case "deletecollection" -> {
        JsonNode options = request.body().length == 0 ? null : body(request);
        yield answer(
            writes.deleteCollection(
                type,
                ns,
                FieldSelector.parse(request.param("fieldSelector")),
                LabelSelector.parse(request.param("labelSelector")),
                dryRun || dryRunOption(options)));
      }
      default -> throw ApiStatus.methodNotAllowed(request.method() + " is not supported");
    };
  }

  private ResourceType resolve(ResourcePath path) {
    ResourceType type =
        catalog
            .find(path.group(), path.version(), path.plural())
            .orElseThrow(
                () ->
                    ApiStatus.error(
                        404,
                        "NotFound",
                        "the server could not find the requested resource"
                            + " ("
                            + path.resourceWithSubresource()
                            + (path.group().isEmpty() ? "" : "." + path.group())
                            + ")"));
    if (!type.namespaced() && !path.namespace().isEmpty()) {
      throw ApiStatus.notFoundPath(path.collectionPath());
    }
    if (!path.subresource().isEmpty() && !type.subresources().contains(path.subresource())) {
      throw ApiStatus.notFoundPath(
          path.objectPath(path.namespace(), path.name()) + "/" + path.subresource());
    }
    return type;
  }

  private RequestLog.Entry record(FrontRequest request, ResourcePath path, ResourceType type) {
    RequestLog.Entry entry =
        new RequestLog.Entry(
            verb(request, path),
            type.group(),
            path.resourceWithSubresource(),
            path.namespace(),
            path.name(),
            request.client());
    log.record(entry);
    return entry;
  }

  private static String verb(FrontRequest request, ResourcePath path) {
    boolean named = !path.name().isEmpty();
    return switch (request.method()) {
      case "GET" -> request.isWatch() ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> request.method().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private FrontResponse single(FrontRequest request, ResourceType type, JsonNode object) {
    if (TableRenderer.wantsTable(request.accept())) {
      return FrontResponse.json(
          200,
          tables.table(
              type,
              List.of(object),
              Json.string(object, "metadata.resourceVersion"),
              TableRenderer.IncludeObject.parse(request.param("includeObject"))));
    }
    return FrontResponse.json(200, object);
  }

  private FrontResponse list(FrontRequest request, ResourceType type, String namespace) {
    MockStore.Listing listing = store.list(type, namespace);
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : listing.items()) {
      if (fields.matches(item) && labels.matchesObject(item)) {
        items.add(item);
      }
    }
    if (TableRenderer.wantsTable(request.accept())) {
      return FrontResponse.json(
          200,
          tables.table(
              type,
              items,
              listing.resourceVersion(),
              TableRenderer.IncludeObject.parse(request.param("includeObject"))));
    }
    ObjectNode list = Json.object();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    list.putObject("metadata").put("resourceVersion", listing.resourceVersion());
    items.forEach(list.putArray("items")::add);
    return FrontResponse.json(200, list);
  }

  /** {@code dryRun} as kube-apiserver reads it: absent or {@code All}; any other value is a 400. */
  private static boolean dryRun(List<String> values) {
    for (String value : values) {
      if (!value.equals("All")) {
        throw ApiStatus.badRequest(
            "dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
      }
    }
    return !values.isEmpty();
  }

  /** {@code DeleteOptions.dryRun} in a DELETE body ({@code kubectl delete --dry-run=server}). */
  private static boolean dryRunOption(JsonNode options) {
    if (options == null || !options.path("dryRun").isArray()) {
      return false;
    }
    List<String> values = new ArrayList<>();
    options.path("dryRun").forEach(v -> values.add(v.asString("")));
    return dryRun(values);
  }

  private ResourceType podsType() {
    return catalog.find("", "v1", "pods").orElseThrow();
  }

  private static FrontResponse answer(WritePipeline.Result result) {
    return FrontResponse.json(result.code(), result.body(), result.warnings());
  }

  private static JsonNode body(FrontRequest request) {
    rejectProtobuf(request);
    if (request.body().length == 0) {
      throw ApiStatus.badRequest("the request has no body");
    }
    String contentType = request.contentType() == null ? "" : request.contentType();
    try {
      return contentType.contains("yaml")
          ? Json.parseYaml(request.body())
          : Json.parse(request.body());
    } catch (RuntimeException e) {
      throw ApiStatus.badRequest(
          "the request body is not valid "
              + (contentType.contains("yaml") ? "YAML" : "JSON")
              + ": "
              + e.getMessage());
    }
  }

  private static JsonNode patchBody(FrontRequest request) {
    rejectProtobuf(request);
    if (request.body().length == 0) {
      throw ApiStatus.badRequest("the patch has no body");
    }
    String contentType = request.contentType() == null ? "" : request.contentType();
    if (contentType.startsWith("application/apply-patch")) {
      throw ApiStatus.unsupportedMediaType(
          contentType + "; server-side apply is not available on the embedded API server",
          "application/json-patch+json, application/merge-patch+json,"
              + " application/strategic-merge-patch+json");
    }
    try {
      return Json.parse(request.body());
    } catch (RuntimeException e) {
      throw ApiStatus.badRequest("the patch is not valid JSON: " + e.getMessage());
    }
  }

  private static void rejectProtobuf(FrontRequest request) {
    String contentType = request.contentType() == null ? "" : request.contentType();
    if (contentType.contains("protobuf")) {
      throw ApiStatus.unsupportedMediaType(contentType, "application/json, application/yaml");
    }
  }
}
