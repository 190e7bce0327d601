package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.PowerApi;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.convert.WorkloadConversion;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.rules.ApiVersion;
import io.powermanager.domain.rules.ConfigRules;
import io.powermanager.domain.rules.ConfigView;
import io.powermanager.domain.rules.ContainerView;
import io.powermanager.domain.rules.NamespaceRule;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.ProfileRules;
import io.powermanager.domain.rules.WorkloadRules;
import io.powermanager.domain.schedule.ScheduleCatalog;
import io.powermanager.domain.schedule.ScheduleRules;
import io.powermanager.domain.schedule.ScheduleView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admission decisions: what the validating and the mutating webhook answer to one request.
 * Decisions come from the domain rules ({@code io.powermanager.domain.rules}), lookups from the
 * {@link PowerCatalog}. A pod is read from its JSON into the rules' view ({@link PodJson}); a power
 * object is bound to its typed class and converted through {@code io.powermanager.api.convert} (a
 * seed kind sent in v1 first to v1alpha1), and the rules that differ by version key on the version
 * of {@code request.kind}.
 *
 * <p>Validating: Pod CREATE, and Pod UPDATE of subresource {@code resize} that changes the CPU of a
 * pod requesting a profile ({@link PodRules}); PowerProfile, PowerConfig, PowerWorkload and
 * PowerNode, PowerSchedule and TimeOfDay CREATE/UPDATE (the namespace rule and the kind's rules,
 * all violations in one message); PowerProfile DELETE (denied while used or named by a schedule).
 * Subresource updates of power objects ({@code status}) and every other kind are allowed.
 *
 * <p>Mutating: Pod CREATE ({@link PodMutation}) and PowerProfile CREATE/UPDATE ({@link
 * ProfileMutation}); the JSON Patch holds what the mutation adds, built from its paths.
 *
 * <p>A pod with more than {@link PodJson#MAX_CONTAINERS} containers and init containers is denied
 * by both webhooks before any rule runs, so the work per review stays bounded.
 *
 * <p>Never throws an exception: a request whose object cannot be read is denied with code 400, a
 * fault in the webhook with code 500; the uid is always echoed. Thread-safe when the catalog is.
 */
public final class AdmissionService {

  static final String RESIZE = "resize";
  private static final String CPU = "cpu";
  private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionService.class);

  private final PowerCatalog catalog;
  private final AdmissionSettings settings;
  private final ScheduleCatalog schedules;

  private final CStatesAdmission cstates;

  /** A service that knows no C-state facts and no schedule. */
  public AdmissionService(PowerCatalog catalog, AdmissionSettings settings) {
    this(catalog, settings, CStateFacts.NONE, ScheduleCatalog.none());
  }

  /** A service that knows no schedule (PowerProfile deletes are not checked against schedules). */
  public AdmissionService(PowerCatalog catalog, AdmissionSettings settings, CStateFacts cstates) {
    this(catalog, settings, cstates, ScheduleCatalog.none());
  }

  /** A service that knows no C-state facts. */
  public AdmissionService(
      PowerCatalog catalog, AdmissionSettings settings, ScheduleCatalog schedules) {
    this(catalog, settings, CStateFacts.NONE, schedules);
  }

  /**
   * @param cstates what C-state admission reads (power nodes' idle states, CStates objects)
   * @param schedules the schedules, for their rules and the profile-delete guard
   */
  public AdmissionService(
      PowerCatalog catalog,
      AdmissionSettings settings,
      CStateFacts cstates,
      ScheduleCatalog schedules) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cstates = new CStatesAdmission(cstates);
    this.schedules = Objects.requireNonNull(schedules, "schedules");
  }

  public AdmissionSettings settings() {
    return settings;
  }

  /** The validating webhook's answer: allowed (with warnings) or denied; never a patch. */
  public AdmissionResponse validate(ReviewRequest request) {
    try {
      return verdict(request, check(request));
    } catch (ObjectDecodingException e) {
      return AdmissionResponses.errored(
          request.uid(), AdmissionResponses.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      return internalError(request, e);
    }
  }

  /** The mutating webhook's answer: allowed, with a JSON Patch when the object needs one. */
  public AdmissionResponse mutate(ReviewRequest request) {
    try {
      if (isPodCreate(request)) {
        Optional<RuleResult> tooLarge = tooLarge(request.object());
        if (tooLarge.isPresent()) {
          return verdict(request, tooLarge.get());
        }
      }
      Optional<? extends JsonNode> patch = patch(request);
      return patch.isPresent()
          ? AdmissionResponses.patched(request.uid(), patch.get().toString())
          : AdmissionResponses.allowed(request.uid(), List.of());
    } catch (ObjectDecodingException e) {
      return AdmissionResponses.errored(
          request.uid(), AdmissionResponses.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      return internalError(request, e);
    }
  }

  private AdmissionResponse verdict(ReviewRequest request, RuleResult result) {
    if (result.allowed()) {
      return AdmissionResponses.allowed(request.uid(), result.warnings());
    }
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.UID, request.uid())
        .addKeyValue(LogKeys.KIND, request.kind().label())
        .addKeyValue(LogKeys.OPERATION, request.operation())
        .addKeyValue(LogKeys.NAMESPACE, request.namespace())
        .addKeyValue(LogKeys.NAME, nameOf(request))
        .addKeyValue(LogKeys.MESSAGE, result.message())
        .log("admission denied");
    return AdmissionResponses.denied(request.uid(), result);
  }

  private RuleResult check(ReviewRequest request) {
    String operation = request.operation();
    AdmittedKind kind = request.kind();
    if (kind == AdmittedKind.OTHER) {
      return RuleResult.ok();
    }
    if (kind == AdmittedKind.POD) {
      return checkPod(request);
    }
    if (request.hasSubresource()) {
      return RuleResult.ok(); // status is the controllers' and agents', not the user's
    }
    if (operation.equals("DELETE")) {
      return kind == AdmittedKind.POWER_PROFILE ? checkProfileDelete(request) : RuleResult.ok();
    }
    if (!operation.equals("CREATE") && !operation.equals("UPDATE")) {
      return RuleResult.ok();
    }
    if (request.object() == null) {
      throw new ObjectDecodingException("request.object is missing on " + operation, null);
    }
    HasMetadata object = typed(request.object(), kind, request.version());
    boolean create = operation.equals("CREATE");
    RuleResult namespace =
        NamespaceRule.check(
            kind.label(), nameOf(request), namespaceOf(request), settings.powerNamespace());
    return switch (kind) {
      case POWER_PROFILE ->
          namespace
              .and(
                  ProfileRules.check(
                      ProfileConversion.view((PowerProfile) object),
                      catalog,
                      request.version(),
                      create))
              .and(cstates.checkProfile((PowerProfile) object));
      case CSTATES -> namespace.and(cstates.check((CStates) object));
      case POWER_CONFIG -> {
        ConfigView config = ConfigConversion.view((PowerConfig) object);
        yield namespace
            .and(ConfigRules.check(config, catalog))
            .and(settings.agentImages().check(config.powerImage()));
      }
      case POWER_WORKLOAD ->
          namespace.and(
              WorkloadRules.check(
                  WorkloadConversion.view((PowerWorkload) object), catalog, request.version()));
      case UNCORE ->
          namespace.and(
              io.powermanager.domain.uncore.UncoreRules.check(
                  io.powermanager.api.convert.UncoreConversion.request(
                      (io.powermanager.api.v1alpha1.Uncore) object),
                  catalog));
      case POWER_SCHEDULE ->
          namespace.and(checkSchedule(ScheduleConversion.view((PowerSchedule) object)));
      case TIME_OF_DAY -> namespace.and(checkSchedule(ScheduleConversion.view((TimeOfDay) object)));
      case POWER_NODE_SETTINGS ->
          namespace.and(
              io.powermanager.domain.nodesettings.NodeSettingsRules.check(
                  io.powermanager.api.convert.NodeSettingsConversion.request(
                      (io.powermanager.api.v1alpha1.PowerNodeSettings) object),
                  catalog));
      default -> namespace;
    };
  }

  /**
   * Pod CREATE, and UPDATE of {@code resize} that changes the CPU of a pod requesting a profile.
   */
  private RuleResult checkPod(ReviewRequest request) {
    boolean resize = request.operation().equals("UPDATE") && RESIZE.equals(request.subResource());
    if ((!request.operation().equals("CREATE") && !resize) || request.object() == null) {
      return RuleResult.ok();
    }
    Optional<RuleResult> tooLarge = tooLarge(request.object());
    if (tooLarge.isPresent()) {
      return tooLarge.get();
    }
    PodView now = view(request, request.object(), "request.object");
    if (resize) {
      PodView before =
          request.oldObject() == null
              ? null
              : view(request, request.oldObject(), "request.oldObject");
      boolean power =
          PodRules.requestsPower(now) || (before != null && PodRules.requestsPower(before));
      if (!power || (before != null && cpuOf(before).equals(cpuOf(now)))) {
        return RuleResult.ok();
      }
    }
    return PodRules.check(now, catalog);
  }

  /** The denial of a pod with more containers than {@link PodJson#MAX_CONTAINERS}, if it is one. */
  private static Optional<RuleResult> tooLarge(JsonNode pod) {
    int count;
    try {
      count = PodJson.containerCount(pod);
    } catch (ObjectDecodingException e) {
      throw new ObjectDecodingException("request.object" + e.getMessage(), e);
    }
    if (count <= PodJson.MAX_CONTAINERS) {
      return Optional.empty();
    }
    return Optional.of(
        new RuleResult.Builder()
            .violation(
                "spec.containers",
                "the pod has "
                    + count
                    + " containers and init containers; the power webhook reviews pods of at most "
                    + PodJson.MAX_CONTAINERS)
            .build());
  }

  private RuleResult checkProfileDelete(ReviewRequest request) {
    if (!settings.powerNamespace().equals(namespaceOf(request))) {
      return RuleResult.ok(); // a misplaced profile is never used; let it go
    }
    String name = nameOf(request);
    return name.isEmpty()
        ? RuleResult.ok()
        : ProfileRules.checkDelete(name, catalog)
            .and(cstates.checkProfileDelete(name))
            .and(ScheduleRules.checkProfileDelete(name, schedules.schedules()));
  }

  private RuleResult checkSchedule(ScheduleView view) {
    return ScheduleRules.check(
        view, catalog, schedules.schedules(), schedules.nodeLabels().orElse(null));
  }

  private Optional<? extends JsonNode> patch(ReviewRequest request) {
    if (request.object() == null || request.hasSubresource()) {
      return Optional.empty();
    }
    if (isPodCreate(request)) {
      return PodMutation.patch(
          request.object(), view(request, request.object(), "request.object"), settings);
    }
    String operation = request.operation();
    if (request.kind() == AdmittedKind.POWER_PROFILE
        && (operation.equals("CREATE") || operation.equals("UPDATE"))) {
      return ProfileMutation.patch(request.object());
    }
    return Optional.empty();
  }

  private static boolean isPodCreate(ReviewRequest request) {
    return request.kind() == AdmittedKind.POD
        && request.operation().equals("CREATE")
        && !request.hasSubresource()
        && request.object() != null;
  }

  private AdmissionResponse internalError(ReviewRequest request, RuntimeException e) {
    LOGGER
        .atError()
        .addKeyValue(LogKeys.UID, request.uid())
        .addKeyValue(LogKeys.KIND, request.kind().label())
        .addKeyValue(LogKeys.OPERATION, request.operation())
        .setCause(e)
        .log("admission review failed inside the webhook");
    return AdmissionResponses.errored(
        request.uid(),
        AdmissionResponses.INTERNAL_ERROR,
        "the power webhook failed to review this request ("
            + e.getClass().getSimpleName()
            + "); see its log for uid "
            + request.uid());
  }

  /** The rules' view of a pod's JSON; {@code at} names it in a decoding error. */
  private static PodView view(ReviewRequest request, JsonNode pod, String at) {
    try {
      return PodJson.view(pod, namespaceOf(request));
    } catch (ObjectDecodingException e) {
      throw new ObjectDecodingException(at + e.getMessage(), e);
    }
  }

  /**
   * A power object's JSON bound to the typed class of its kind. A seed kind sent in v1 is first
   * converted to v1alpha1 ({@link VersionConversion}), so every rule runs on the one model.
   */
  private static HasMetadata typed(JsonNode object, AdmittedKind kind, ApiVersion version) {
    JsonNode source = object;
    if (version == ApiVersion.V1 && VersionConversion.KINDS.contains(kind.label())) {
      ObjectNode v1 = (ObjectNode) object.deepCopy();
      if (!v1.path("apiVersion").isString()) {
        v1.put("apiVersion", PowerApi.STORAGE_API_VERSION);
        v1.put("kind", kind.label());
      }
      try {
        source = VersionConversion.convert(v1, PowerApi.API_VERSION);
      } catch (ConversionException e) {
        throw new ObjectDecodingException("request.object: " + e.getMessage(), e);
      }
    }
    try {
      return Json.MAPPER.treeToValue(source, kind.type());
    } catch (JacksonException e) {
      throw new ObjectDecodingException(
          "request.object" + AdmissionCodec.pathOf(e) + ": " + AdmissionCodec.describe(e), e);
    }
  }

  /** The request's namespace, else the object's; {@code ""} when neither says. */
  private static String namespaceOf(ReviewRequest request) {
    if (request.namespace() != null) {
      return request.namespace();
    }
    return metadata(request, "namespace").orElse("");
  }

  /** The request's name, else the object's name or generateName; {@code ""} when none. */
  private static String nameOf(ReviewRequest request) {
    if (request.name() != null && !request.name().isEmpty()) {
      return request.name();
    }
    return metadata(request, "name").or(() -> metadata(request, "generateName")).orElse("");
  }

  private static Optional<String> metadata(ReviewRequest request, String field) {
    JsonNode value =
        request.anyObject() == null ? null : request.anyObject().path("metadata").get(field);
    return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
  }

  /** Each container's CPU request and limit as written, by container name. */
  private static Map<String, List<String>> cpuOf(PodView pod) {
    Map<String, List<String>> out = new HashMap<>();
    for (ContainerView c : pod.containers()) {
      out.put(c.name(), Arrays.asList(c.requests().get(CPU), c.limits().get(CPU)));
    }
    return out;
  }
}
