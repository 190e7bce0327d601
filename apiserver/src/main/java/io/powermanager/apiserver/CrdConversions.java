package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver does with a CRD that serves several versions: objects are stored in the
 * version marked {@code storage}, and a request in another served version has its objects converted
 * on the way in and out — by the CRD's conversion webhook ({@code spec.conversion.strategy:
 * Webhook}, a {@code ConversionReview} of {@code apiextensions.k8s.io/v1} posted like the admission
 * reviews, one per object or list page) or, with strategy {@code None}, by rewriting {@code
 * apiVersion}. A failed call fails the request with kube-apiserver's message ({@code conversion
 * webhook for <gvk> failed: ...}); requests in the storage version never call the webhook. The
 * webhook's answer is checked as kube-apiserver checks it: same uid, {@code Success}, as many
 * objects in the desired version, and metadata unchanged except labels and annotations (those are
 * taken from the answer; everything else from the request). Thread-safe.
 */
final class CrdConversions implements MockStore.Versions {

  private static final int TIMEOUT_SECONDS = 30;

  private final Supplier<List<JsonNode>> storedCrds;
  private final ResourceCatalog catalog;
  private final WebhookCaller caller;
  private volatile Map<String, JsonNode> crds;

  CrdConversions(
      Supplier<List<JsonNode>> storedCrds, ResourceCatalog catalog, WebhookCaller caller) {
    this.storedCrds = storedCrds;
    this.catalog = catalog;
    this.caller = caller;
  }

  /** Called after every write the front stores; a CRD write makes the next lookup re-read CRDs. */
  void written(ResourceType type) {
    if (!type.custom() && type.plural().equals("customresourcedefinitions")) {
      crds = null;
    }
  }

  @Override
  public ResourceType storage(ResourceType type) {
    if (!type.custom()) {
      return type;
    }
    JsonNode crd = crd(type);
    if (crd == null) {
      return type;
    }
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        String name = version.path("name").asString("");
        return name.equals(type.version())
            ? type
            : catalog.find(type.group(), name, type.plural()).orElse(type);
      }
    }
    return type;
  }

  @Override
  public List<JsonNode> convert(ResourceType target, List<JsonNode> objects) {
    if (objects.isEmpty()) {
      return objects;
    }
    JsonNode crd = crd(target);
    JsonNode conversion = crd == null ? null : crd.path("spec").path("conversion");
    String desired = target.apiVersion();
    if (conversion == null || !"Webhook".equals(conversion.path("strategy").asString("None"))) {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode o : objects) {
        ObjectNode copy = (ObjectNode) o.deepCopy();
        copy.put("apiVersion", desired);
        out.add(copy);
      }
      return out;
    }
    String from = objects.get(0).path("apiVersion").asString("") + ", Kind=" + target.kind();
    String uid = UUID.randomUUID().toString();
    ObjectNode review = Json.object();
    review.put("apiVersion", "apiextensions.k8s.io/v1");
    review.put("kind", "ConversionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.put("desiredAPIVersion", desired);
    ArrayNode list = request.putArray("objects");
    objects.forEach(list::add);
    JsonNode answer;
    try {
      answer =
          caller.call(conversion.path("webhook").path("clientConfig"), review, TIMEOUT_SECONDS);
    } catch (WebhookCaller.CallFailure e) {
      throw failed(from, e.getMessage());
    }
    JsonNode response = answer.path("response");
    if (!uid.equals(response.path("uid").asString(""))) {
      throw failed(
          from,
          "expected response uid " + uid + ", got " + response.path("uid").asString("(none)"));
    }
    JsonNode result = response.path("result");
    if (!"Success".equals(result.path("status").asString(""))) {
      throw failed(from, result.path("message").asString("the webhook answered Failure"));
    }
    JsonNode converted = response.path("convertedObjects");
    if (!converted.isArray() || converted.size() != objects.size()) {
      throw failed(
          from,
          "expected "
              + objects.size()
              + " converted objects, got "
              + (converted.isArray() ? converted.size() : 0));
    }
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      JsonNode c = converted.get(i);
      if (!(c instanceof ObjectNode o) || !desired.equals(o.path("apiVersion").asString(""))) {
        throw failed(from, "converted object " + i + " is not in " + desired);
      }
      ObjectNode metadata = (ObjectNode) objects.get(i).path("metadata").deepCopy();
      JsonNode newMeta = o.path("metadata");
      for (String field : List.of("labels", "annotations")) {
        if (newMeta.has(field)) {
          metadata.set(field, newMeta.get(field));
        } else {
          metadata.remove(field);
        }
      }
      o.set("metadata", metadata);
      out.add(o);
    }
    return out;
  }

  private static ApiException failed(String from, String message) {
    return ApiStatus.internal("conversion webhook for " + from + " failed: " + message);
  }

  private JsonNode crd(ResourceType type) {
    Map<String, JsonNode> cached = crds;
    if (cached == null) {
      Map<String, JsonNode> byName = new HashMap<>();
      for (JsonNode crd : storedCrds.get()) {
        byName.put(crd.path("metadata").path("name").asString(""), crd);
      }
      crds = byName;
      cached = byName;
    }
    return cached.get(type.plural() + "." + type.group());
  }
}
