package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.WorkloadConversion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.rules.ConfigRules;
import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.NamespaceRule;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.ProfileRules;
import io.powermanager.domain.rules.WorkloadRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The admission decisions: what the validating and the mutating webhook answer to one request.
 * Decisions come from the domain rules ({@code io.powermanager.domain.rules}), lookups from the
 * {@link PowerCatalog}; objects become rule views through {@code io.powermanager.api.convert}.
 *
 * <p>Validating: Pod CREATE, and Pod UPDATE of subresource {@code resize} that changes the CPU of a
 * pod requesting a profile ({@link PodRules}); PowerProfile, PowerConfig, PowerWorkload and
 * PowerNode CREATE/UPDATE (the namespace rule and the kind's rules, all violations in one message);
 * PowerProfile DELETE (denied while used). Subresource updates of power objects ({@code status})
 * and every other kind are allowed.
 *
 * <p>Mutating: Pod CREATE ({@link PodMutation}) and PowerProfile CREATE/UPDATE ({@link
 * ProfileMutation}); the JSON Patch is the diff of the typed object and its mutated copy.
 *
 * <p>Never throws: a request whose object cannot be read is denied with code 400, a fault in the
 * webhook with code 500; the uid is always echoed. Thread-safe when the catalog is.
 */
public final class AdmissionService {

  static final String RESIZE = "resize";
  private static final String CPU = "cpu";
  private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionService.class);

  private final PowerCatalog catalog;
  private final AdmissionSettings settings;
  private final AdmissionCodec codec;

  public AdmissionService(PowerCatalog catalog, AdmissionSettings settings) {
    this(catalog, settings, new AdmissionCodec());
  }

  AdmissionService(PowerCatalog catalog, AdmissionSettings settings, AdmissionCodec codec) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  public AdmissionSettings settings() {
    return settings;
  }

  /** The validating webhook's answer: allowed (with warnings) or denied; never a patch. */
  public AdmissionResponse validate(AdmissionRequest request) {
    return validate(request, () -> check(request), () -> nameOf(request));
  }

  /**
   * The validating webhook's answer to a Pod review whose pods were read straight into their fields
   * ({@link AdmissionCodec#decodeValidating}): the same answer {@link #validate(AdmissionRequest)}
   * gives the typed review.
   */
  AdmissionResponse validate(AdmissionCodec.ReadablePod review) {
    AdmissionRequest request = review.request();
    PodFields object = review.object();
    PodFields old = review.oldObject();
    String namespace = namespaceOf(request, object != null ? object : old);
    return validate(
        request,
        () ->
            checkPod(
                request,
                Objects.requireNonNullElse(request.getOperation(), ""),
                () -> object == null ? null : object.view(namespace),
                () -> old == null ? null : old.view(namespace)),
        () -> nameOf(request, object != null ? object : old));
  }

  private AdmissionResponse validate(
      AdmissionRequest request, Supplier<RuleResult> check, Supplier<String> name) {
    String uid = request.getUid();
    try {
      RuleResult result = check.get();
      if (result.allowed()) {
        return AdmissionResponses.allowed(uid, result.warnings());
      }
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.UID, uid)
          .addKeyValue(LogKeys.KIND, kindOf(request).label())
          .addKeyValue(LogKeys.OPERATION, request.getOperation())
          .addKeyValue(LogKeys.NAMESPACE, request.getNamespace())
          .addKeyValue(LogKeys.NAME, name.get())
          .addKeyValue(LogKeys.MESSAGE, result.message())
          .log("admission denied");
      return AdmissionResponses.denied(uid, result);
    } catch (ObjectDecodingException e) {
      return AdmissionResponses.errored(
          uid, AdmissionResponses.BAD_REQUEST, "request.object" + e.getMessage());
    } catch (RuntimeException e) {
      return internalError(request, e);
    }
  }

  /** The mutating webhook's answer: allowed, with a JSON Patch when the object needs one. */
  public AdmissionResponse mutate(AdmissionRequest request) {
    String uid = request.getUid();
    try {
      Optional<JsonNode> patch = patch(request);
      return patch.isPresent()
          ? AdmissionResponses.patched(uid, patch.get().toString())
          : AdmissionResponses.allowed(uid, List.of());
    } catch (ObjectDecodingException e) {
      return AdmissionResponses.errored(
          uid, AdmissionResponses.BAD_REQUEST, "request.object" + e.getMessage());
    } catch (RuntimeException e) {
      return internalError(request, e);
    }
  }

  private RuleResult check(AdmissionRequest request) {
    String operation = Objects.requireNonNullElse(request.getOperation(), "");
    AdmittedKind kind = kindOf(request);
    if (kind == AdmittedKind.OTHER) {
      return RuleResult.ok();
    }
    if (kind == AdmittedKind.POD) {
      return checkPod(
          request,
          operation,
          () -> typedView(request.getObject(), request),
          () -> typedView(request.getOldObject(), request));
    }
    if (hasSubresource(request)) {
      return RuleResult.ok(); // status is the controllers' and agents', not the user's
    }
    if (operation.equals("DELETE")) {
      return kind == AdmittedKind.POWER_PROFILE ? checkProfileDelete(request) : RuleResult.ok();
    }
    if (!operation.equals("CREATE") && !operation.equals("UPDATE")) {
      return RuleResult.ok();
    }
    HasMetadata object = object(request, kind);
    if (object == null) {
      throw new ObjectDecodingException(" is missing on " + operation, null);
    }
    RuleResult namespace =
        NamespaceRule.check(
            kind.label(), nameOf(request), namespaceOf(request), settings.powerNamespace());
    return switch (kind) {
      case POWER_PROFILE ->
          namespace.and(ProfileRules.check(ProfileConversion.view((PowerProfile) object), catalog));
      case POWER_CONFIG ->
          namespace.and(ConfigRules.check(ConfigConversion.view((PowerConfig) object), catalog));
      case POWER_WORKLOAD ->
          namespace.and(
              WorkloadRules.check(WorkloadConversion.view((PowerWorkload) object), catalog));
      default -> namespace;
    };
  }

  /**
   * Pod CREATE, and UPDATE of {@code resize} that changes the CPU of a pod requesting a profile.
   * The views are made only when needed (the typed object is converted then, and may fail).
   *
   * @param object the view of {@code request.object}, or null when there is none
   * @param oldObject the view of {@code request.oldObject}, or null when there is none
   */
  private RuleResult checkPod(
      AdmissionRequest request,
      String operation,
      Supplier<PodView> object,
      Supplier<PodView> oldObject) {
    if (operation.equals("CREATE")) {
      PodView now = object.get();
      return now == null ? RuleResult.ok() : PodRules.check(now, catalog);
    }
    if (operation.equals("UPDATE") && RESIZE.equals(request.getSubResource())) {
      PodView now = object.get();
      if (now == null) {
        return RuleResult.ok();
      }
      PodView before = oldObject.get();
      boolean power =
          PodRules.requestsPower(now) || (before != null && PodRules.requestsPower(before));
      if (!power || (before != null && cpuOf(before).equals(cpuOf(now)))) {
        return RuleResult.ok();
      }
      return PodRules.check(now, catalog);
    }
    return RuleResult.ok();
  }

  /** The view of a typed (or map) pod object of {@code request}; null when there is none. */
  private PodView typedView(Object object, AdmissionRequest request) {
    Pod pod = pod(object);
    return pod == null ? null : view(pod, request);
  }

  private RuleResult checkProfileDelete(AdmissionRequest request) {
    if (!settings.powerNamespace().equals(namespaceOf(request))) {
      return RuleResult.ok(); // a misplaced profile is never used; let it go
    }
    String name = nameOf(request);
    return name.isEmpty() ? RuleResult.ok() : ProfileRules.checkDelete(name, catalog);
  }

  private Optional<JsonNode> patch(AdmissionRequest request) {
    String operation = Objects.requireNonNullElse(request.getOperation(), "");
    AdmittedKind kind = kindOf(request);
    if (kind == AdmittedKind.POD && operation.equals("CREATE") && !hasSubresource(request)) {
      Pod pod = pod(request.getObject());
      if (pod == null) {
        return Optional.empty();
      }
      return PodMutation.apply(pod, request.getNamespace(), settings)
          .flatMap(copy -> JsonPatches.diff(codec.tree(pod), codec.tree(copy)));
    }
    if (kind == AdmittedKind.POWER_PROFILE
        && (operation.equals("CREATE") || operation.equals("UPDATE"))
        && !hasSubresource(request)) {
      PowerProfile profile = (PowerProfile) object(request, kind);
      if (profile == null) {
        return Optional.empty();
      }
      return ProfileMutation.apply(profile, codec)
          .flatMap(copy -> JsonPatches.diff(codec.tree(profile), codec.tree(copy)));
    }
    return Optional.empty();
  }

  private AdmissionResponse internalError(AdmissionRequest request, RuntimeException e) {
    LOGGER
        .atError()
        .addKeyValue(LogKeys.UID, request.getUid())
        .addKeyValue(LogKeys.KIND, kindOf(request).label())
        .addKeyValue(LogKeys.OPERATION, request.getOperation())
        .setCause(e)
        .log("admission review failed inside the webhook");
    return AdmissionResponses.errored(
        request.getUid(),
        AdmissionResponses.INTERNAL_ERROR,
        "the power webhook failed to review this request ("
            + e.getClass().getSimpleName()
            + "); see its log for uid "
            + request.getUid());
  }

  private static AdmittedKind kindOf(AdmissionRequest request) {
    return AdmittedKind.of(request.getKind());
  }

  private static boolean hasSubresource(AdmissionRequest request) {
    return request.getSubResource() != null && !request.getSubResource().isEmpty();
  }

  private HasMetadata object(AdmissionRequest request, AdmittedKind kind) {
    Object object = request.getObject();
    return object == null ? null : codec.convert(object, kind.type());
  }

  private Pod pod(Object object) {
    return object == null ? null : codec.convert(object, Pod.class);
  }

  private PodView view(Pod pod, AdmissionRequest request) {
    return PodConversion.view(pod, namespaceOf(request));
  }

  /** The request's namespace, else the object's; {@code ""} when neither says. */
  private static String namespaceOf(AdmissionRequest request) {
    if (request.getNamespace() != null) {
      return request.getNamespace();
    }
    Object object = request.getObject() != null ? request.getObject() : request.getOldObject();
    if (object instanceof HasMetadata h
        && h.getMetadata() != null
        && h.getMetadata().getNamespace() != null) {
      return h.getMetadata().getNamespace();
    }
    return "";
  }

  /** {@link #namespaceOf(AdmissionRequest)} for a review whose pods were read into fields. */
  private static String namespaceOf(AdmissionRequest request, PodFields pod) {
    if (request.getNamespace() != null) {
      return request.getNamespace();
    }
    return pod != null && pod.namespace() != null ? pod.namespace() : "";
  }

  /** {@link #nameOf(AdmissionRequest)} for a review whose pods were read into fields. */
  private static String nameOf(AdmissionRequest request, PodFields pod) {
    if (request.getName() != null && !request.getName().isEmpty()) {
      return request.getName();
    }
    if (pod != null) {
      if (pod.name() != null) {
        return pod.name();
      }
      if (pod.generateName() != null) {
        return pod.generateName();
      }
    }
    return "";
  }

  /** The request's name, else the object's name or generateName; {@code ""} when none. */
  private static String nameOf(AdmissionRequest request) {
    if (request.getName() != null && !request.getName().isEmpty()) {
      return request.getName();
    }
    Object object = request.getObject() != null ? request.getObject() : request.getOldObject();
    if (object instanceof HasMetadata h && h.getMetadata() != null) {
      if (h.getMetadata().getName() != null) {
        return h.getMetadata().getName();
      }
      if (h.getMetadata().getGenerateName() != null) {
        return h.getMetadata().getGenerateName();
      }
    }
    return "";
  }

  /** Each container's CPU request and limit as written, by container name. */
  private static Map<String, List<String>> cpuOf(PodView pod) {
    Map<String, List<String>> out = new HashMap<>();
    for (ContainerView c : pod.containers()) {
      out.put(c.name(), java.util.Arrays.asList(c.requests().get(CPU), c.limits().get(CPU)));
    }
    return out;
  }
}
