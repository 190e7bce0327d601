package io.powermanager.apiserver;

import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook admission as kube-apiserver runs it: every matching mutating webhook in configuration
 * name order (its JSONPatch applied, then defaulting again), then every matching validating
 * webhook. Responses are verified like {@code VerifyAdmissionResponse}; a call that fails or
 * answers malformed is an error under {@code failurePolicy} ({@code Fail} by default); a denial
 * becomes the Status of {@code ToStatusErr}. Not supported: {@code matchConditions} (CEL; ignored,
 * the webhook is called), {@code reinvocationPolicy: IfNeeded} (never re-invoked). A {@code
 * clientConfig.service} is called at the URL registered for it ({@link
 * ApiServerOptions#withService}); an unregistered one is a call error.
 */
final class AdmissionController {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionController.class);
  private static final Set<String> WEBHOOK_CONFIGURATIONS =
      Set.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations");

  /** The admitted object (after mutation) and the warnings to relay to the client. */
  record Outcome(JsonNode object, List<String> warnings) {}

  private final Function<String, List<JsonNode>> configurations;
  private final Function<String, JsonNode> namespaceLabels;
  private final WebhookCaller caller;
  private final BiConsumer<ResourceType, ObjectNode> redefault;
  private final Supplier<String> uids;
  private final Consumer<AdmissionAttributes> beforeValidating;
  private final Set<String> warnedAboutConditions = ConcurrentHashMap.newKeySet();

  /**
   * @param configurations the stored configurations by plural ({@code
   *     mutatingwebhookconfigurations} or {@code validatingwebhookconfigurations})
   * @param namespaceLabels a namespace's labels by name, an empty object when it does not exist
   * @param redefault defaulting run again on an object a webhook patched
   * @param beforeValidating run on the mutated request between mutating and validating webhooks
   *     (schema validation); throws {@link ApiException} to refuse the write
   */
  AdmissionController(
      Function<String, List<JsonNode>> configurations,
      Function<String, JsonNode> namespaceLabels,
      WebhookCaller caller,
      BiConsumer<ResourceType, ObjectNode> redefault,
      Consumer<AdmissionAttributes> beforeValidating) {
    this(
        configurations,
        namespaceLabels,
        caller,
        redefault,
        () -> UUID.randomUUID().toString(),
        beforeValidating);
  }

  AdmissionController(
      Function<String, List<JsonNode>> configurations,
      Function<String, JsonNode> namespaceLabels,
      WebhookCaller caller,
      BiConsumer<ResourceType, ObjectNode> redefault,
      Supplier<String> uids,
      Consumer<AdmissionAttributes> beforeValidating) {
    this.configurations = configurations;
    this.namespaceLabels = namespaceLabels;
    this.caller = caller;
    this.redefault = redefault;
    this.uids = uids;
    this.beforeValidating = beforeValidating;
  }

  /** Runs mutating then validating admission; throws {@link ApiException} to refuse the write. */
  Outcome admit(AdmissionAttributes request) {
    List<String> warnings = new ArrayList<>();
    if (!request.type().custom()
        && request.type().group().equals("admissionregistration.k8s.io")
        && WEBHOOK_CONFIGURATIONS.contains(request.type().plural())) {
      return new Outcome(request.object(), warnings);
    }
    AdmissionAttributes current = request;
    for (JsonNode webhook : matching("mutatingwebhookconfigurations", current)) {
      current = mutate(webhook, current, warnings);
    }
    beforeValidating.accept(current);
    for (JsonNode webhook : matching("validatingwebhookconfigurations", current)) {
      validate(webhook, current, warnings);
    }
    return new Outcome(current.object(), warnings);
  }

  private List<JsonNode> matching(String plural, AdmissionAttributes request) {
    List<JsonNode> configs = new ArrayList<>(configurations.apply(plural));
    configs.sort(Comparator.comparing(Json::name));
    List<JsonNode> webhooks = new ArrayList<>();
    for (JsonNode config : configs) {
      for (JsonNode webhook : config.path("webhooks")) {
        if (WebhookMatcher.matches(webhook, request, namespaceLabels)) {
          if (webhook.path("matchConditions").size() > 0
              && warnedAboutConditions.add(webhook.path("name").asString(""))) {
            LOG.warn(
                "webhook {} has matchConditions; the embedded API server cannot evaluate CEL and"
                    + " calls it for every request its rules match",
                webhook.path("name").asString(""));
          }
          webhooks.add(webhook);
        }
      }
    }
    return webhooks;
  }

  private AdmissionAttributes mutate(
      JsonNode webhook, AdmissionAttributes request, List<String> warnings) {
    JsonNode response = call(webhook, request, true, warnings);
    if (response == null) {
      return request;
    }
    String patchBase64 = response.path("patch").asString("");
    if (patchBase64.isEmpty()) {
      return request;
    }
    String name = webhook.path("name").asString("");
    JsonNode patch;
    try {
      patch = Json.parse(Base64.getDecoder().decode(patchBase64));
    } catch (RuntimeException e) {
      return failed(
          webhook, "received invalid webhook response: response.patch: " + e.getMessage(), request);
    }
    if (!patch.isArray() || patch.isEmpty()) {
      return request;
    }
    if (request.object() == null) {
      throw ApiStatus.internal(
          "admission webhook \""
              + name
              + "\" attempted to modify the object, which is not supported"
              + " for this operation");
    }
    JsonNode patched;
    try {
      patched = JsonPatch.apply(patch, request.object());
    } catch (RuntimeException e) {
      throw ApiStatus.internal(
          "admission webhook \""
              + name
              + "\" returned a patch that cannot be applied: "
              + e.getMessage());
    }
    if (!(patched instanceof ObjectNode patchedObject)) {
      throw ApiStatus.internal(
          "admission webhook \"" + name + "\" patched the object into a non-object");
    }
    redefault.accept(request.type(), patchedObject);
    return request.withObject(patchedObject);
  }

  private void validate(JsonNode webhook, AdmissionAttributes request, List<String> warnings) {
    call(webhook, request, false, warnings);
  }

  /**
   * Calls one webhook; returns its verified response when allowed, null when the error is ignored.
   */
  private JsonNode call(
      JsonNode webhook, AdmissionAttributes request, boolean mutating, List<String> warnings) {
    String name = webhook.path("name").asString("");
    String sideEffects = webhook.path("sideEffects").asString("Unknown");
    if (request.dryRun() && !sideEffects.equals("None") && !sideEffects.equals("NoneOnDryRun")) {
      throw ApiStatus.badRequest("admission webhook \"" + name + "\" does not support dry run");
    }
    String uid = uids.get();
    ObjectNode review = review(uid, request);
    JsonNode response;
    try {
      int timeout = webhook.path("timeoutSeconds").asInt(10);
      JsonNode answer = caller.call(webhook.path("clientConfig"), review, timeout);
      response = verify(answer, uid, mutating);
    } catch (WebhookCaller.CallFailure e) {
      failed(webhook, e.getMessage(), request);
      return null;
    }
    response.path("warnings").forEach(w -> warnings.add(w.asString()));
    if (!response.path("allowed").asBoolean(false)) {
      throw denial(name, response.path("status"));
    }
    return response;
  }

  private AdmissionAttributes failed(
      JsonNode webhook, String message, AdmissionAttributes request) {
    String name = webhook.path("name").asString("");
    if (webhook.path("failurePolicy").asString("Fail").equals("Ignore")) {
      LOG.warn("failed calling webhook \"{}\", failing open: {}", name, message);
      return request;
    }
    throw ApiStatus.internal("failed calling webhook \"" + name + "\": " + message);
  }

  private ObjectNode review(String uid, AdmissionAttributes request) {
    ObjectNode review = Json.object();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode r = review.putObject("request");
    ResourceType type = request.type();
    r.put("uid", uid);
    ObjectNode kind = r.putObject("kind");
    kind.put("group", type.group());
    kind.put("version", type.version());
    kind.put("kind", type.kind());
    ObjectNode resource = r.putObject("resource");
    resource.put("group", type.group());
    resource.put("version", type.version());
    resource.put("resource", type.plural());
    if (!request.subresource().isEmpty()) {
      r.put("subResource", request.subresource());
    }
    r.set("requestKind", kind.deepCopy());
    r.set("requestResource", resource.deepCopy());
    if (!request.subresource().isEmpty()) {
      r.put("requestSubResource", request.subresource());
    }
    if (!request.name().isEmpty()) {
      r.put("name", request.name());
    }
    if (!request.namespace().isEmpty()) {
      r.put("namespace", request.namespace());
    }
    r.put("operation", request.operation());
    ObjectNode user = r.putObject("userInfo");
    user.put("username", "kubernetes-admin");
    user.putArray("groups").add("system:masters").add("system:authenticated");
    r.set("object", request.object() == null ? Json.nullNode() : request.object());
    r.set("oldObject", request.oldObject() == null ? Json.nullNode() : request.oldObject());
    r.put("dryRun", request.dryRun());
    ObjectNode options = r.putObject("options");
    options.put("apiVersion", "meta.k8s.io/v1");
    options.put("kind", request.optionsKind());
    return review;
  }

  /** {@code VerifyAdmissionResponse}: envelope, uid echo, patch rules. */
  static JsonNode verify(JsonNode review, String uid, boolean mutating)
      throws WebhookCaller.CallFailure {
    String apiVersion = review.path("apiVersion").asString("");
    String kind = review.path("kind").asString("");
    if (!apiVersion.equals("admission.k8s.io/v1") || !kind.equals("AdmissionReview")) {
      throw new WebhookCaller.CallFailure(
          "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got "
              + apiVersion
              + ", Kind="
              + kind);
    }
    JsonNode response = review.get("response");
    if (response == null || !response.isObject()) {
      throw new WebhookCaller.CallFailure("webhook response was absent");
    }
    String answeredUid = response.path("uid").asString("");
    if (!answeredUid.equals(uid)) {
      throw new WebhookCaller.CallFailure(
          "expected response.uid=\"" + uid + "\", got \"" + answeredUid + "\"");
    }
    boolean hasPatch = !response.path("patch").asString("").isEmpty();
    boolean hasPatchType = response.has("patchType") && !response.get("patchType").isNull();
    if (!mutating) {
      if (hasPatch) {
        throw new WebhookCaller.CallFailure("validating webhook may not return response.patch");
      }
      if (hasPatchType) {
        throw new WebhookCaller.CallFailure("validating webhook may not return response.patchType");
      }
      return response;
    }
    if (hasPatch && !hasPatchType) {
      throw new WebhookCaller.CallFailure(
          "webhook returned response.patch but not response.patchType");
    }
    if (hasPatchType && !hasPatch) {
      throw new WebhookCaller.CallFailure(
          "webhook returned response.patchType but not response.patch");
    }
    if (hasPatchType && !response.path("patchType").asString("").equals("JSONPatch")) {
      throw new WebhookCaller.CallFailure(
          "webhook returned invalid response.patchType of \""
              + response.path("patchType").asString("")
              + "\"");
    }
    return response;
  }

  /** {@code ToStatusErr}: what the client sees when a webhook says no. */
  static ApiException denial(String webhookName, JsonNode status) {
    int code = status.path("code").asInt(0);
    if (code < 400) {
      code = 400;
    }
    String message = status.path("message").asString("");
    String reason = status.path("reason").asString("");
    String prefix = "admission webhook \"" + webhookName + "\" denied the request";
    String full;
    if (!message.isEmpty()) {
      full = prefix + ": " + message;
    } else if (!reason.isEmpty()) {
      full = prefix + ": " + reason;
    } else {
      full = prefix + " without explanation";
    }
    ObjectNode result = ApiStatus.failure(code, reason, full);
    if (status.has("details")) {
      result.set("details", status.get("details"));
    }
    return new ApiException(result);
  }
}
