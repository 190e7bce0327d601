package io.powermanager.cli.validate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.CustomResource;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerResources;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.PodConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.convert.WorkloadConversion;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.Violation;
import io.powermanager.domain.cstates.CStateRules;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.rules.ApiVersion;
import io.powermanager.domain.rules.ConfigRules;
import io.powermanager.domain.rules.ConfigView;
import io.powermanager.domain.rules.ImageAllowList;
import io.powermanager.domain.rules.NamespaceRule;
import io.powermanager.domain.rules.PodRules;
import io.powermanager.domain.rules.PodView;
import io.powermanager.domain.rules.ProfileAnnotation;
import io.powermanager.domain.rules.ProfileRules;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.domain.rules.WorkloadRules;
import io.powermanager.domain.rules.WorkloadView;
import io.powermanager.domain.schedule.ScheduleRules;
import io.powermanager.domain.schedule.ScheduleView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the admission rules offline over a set of manifests, as if they were applied in order to an
 * empty cluster: every profile, PowerConfig and Node in the input is known to every object (so a
 * pod may come before the profile it asks for), while the one-per-cluster and one-per-node rules
 * see only earlier objects that were admitted (the first PowerConfig wins, as it would on a
 * cluster; a refused one is not there). Pods, and the pod templates of workload controllers, are
 * checked after the profile-annotation mutation, as the webhook would see them. Checks that need
 * the cluster (profiles, nodes) are skipped when the input holds no such objects.
 *
 * <p>A file that is invalid on its own (judged with nothing but its own objects) describes no
 * cluster: its objects — Nodes, profiles, PowerConfigs — are known to the objects of that file
 * only, never to other files. Every other file is judged with the objects of all files that are
 * valid on their own, so a directory of clean manifests next to broken ones (such as {@code
 * examples/} with {@code examples/invalid/}) gets the same verdicts as the clean ones alone.
 */
final class ManifestValidator {

  private static final String POWER_API = "power.intel.com/";
  private static final Map<String, List<String>> TEMPLATE_PATHS =
      Map.of(
          "Deployment", List.of("spec", "template"),
          "ReplicaSet", List.of("spec", "template"),
          "StatefulSet", List.of("spec", "template"),
          "DaemonSet", List.of("spec", "template"),
          "Job", List.of("spec", "template"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

  private final Optional<String> powerNamespace;
  private final Optional<ImageAllowList> agentImages;

  ManifestValidator(Optional<String> powerNamespace) {
    this(powerNamespace, Optional.empty());
  }

  /**
   * @param agentImages when present, PowerConfigs are checked against this agent image allow-list
   */
  ManifestValidator(Optional<String> powerNamespace, Optional<ImageAllowList> agentImages) {
    this.powerNamespace = powerNamespace;
    this.agentImages = agentImages;
  }

  List<Finding> validate(List<Manifest> given) {
    List<Manifest> manifests = given.stream().map(ManifestValidator::asV1alpha1).toList();
    Map<Path, List<Manifest>> byFile = new LinkedHashMap<>();
    manifests.forEach(m -> byFile.computeIfAbsent(m.file(), f -> new ArrayList<>()).add(m));
    Set<Path> invalidAlone = new HashSet<>();
    if (byFile.size() > 1) {
      byFile.forEach(
          (file, own) -> {
            if (validateTogether(own).stream().anyMatch(f -> !f.warning())) {
              invalidAlone.add(file);
            }
          });
    }
    if (invalidAlone.isEmpty()) {
      return validateTogether(manifests);
    }
    List<Manifest> clean =
        manifests.stream().filter(m -> !invalidAlone.contains(m.file())).toList();
    Map<Path, List<Finding>> findingsByFile = new HashMap<>();
    validateTogether(clean)
        .forEach(f -> findingsByFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f));
    for (Path file : invalidAlone) {
      List<Manifest> view =
          manifests.stream()
              .filter(m -> m.file().equals(file) || !invalidAlone.contains(m.file()))
              .toList();
      findingsByFile.put(
          file, validateTogether(view).stream().filter(f -> f.file().equals(file)).toList());
    }
    List<Finding> findings = new ArrayList<>();
    byFile.keySet().forEach(file -> findings.addAll(findingsByFile.getOrDefault(file, List.of())));
    return findings;
  }

  /** The rules over {@code manifests} applied in order to one empty cluster. */
  private List<Finding> validateTogether(List<Manifest> manifests) {
    Known known = Known.of(manifests);
    List<Finding> findings = new ArrayList<>();
    List<String> earlierConfigs = new ArrayList<>();
    Map<String, String> earlierSharedByNode = new HashMap<>();
    List<ScheduleView> earlierSchedules = new ArrayList<>();
    for (Manifest m : manifests) {
      RuleResult result =
          switch (kindOf(m)) {
            case "Pod" -> checkPod(m.tree(), m.namespace(), "", known.catalog().build());
            case "PowerProfile" -> checkProfile(m, known);
            case "PowerWorkload" -> checkWorkload(m, known, earlierSharedByNode);
            case "PowerConfig" -> checkConfig(m, known, earlierConfigs);
            case "PowerNode" -> schemaOnly(m, PowerNode.class);
            case "Uncore" -> checkUncore(m);
            case "PowerNodeSettings" -> checkNodeSettings(m);
            case "CStates" -> checkCStates(m, known);
            case "PowerSchedule", "TimeOfDay" -> checkSchedule(m, known, earlierSchedules);
            default -> checkTemplate(m, known);
          };
      result
          .violations()
          .forEach(v -> findings.add(new Finding(m.file(), m.ref(), v.toString(), false)));
      result.warnings().forEach(w -> findings.add(new Finding(m.file(), m.ref(), w, true)));
    }
    return findings;
  }

  /**
   * A {@code power.intel.com/v1} object as the API server would hand it to a v1alpha1 reader (the
   * rules run on one model); others, and objects conversion refuses, as they are.
   */
  private static Manifest asV1alpha1(Manifest m) {
    if (!PowerApi.STORAGE_API_VERSION.equals(m.apiVersion())
        || !VersionConversion.KINDS.contains(m.kind())) {
      return m;
    }
    try {
      return new Manifest(
          m.file(),
          m.document(),
          VersionConversion.convert(m.tree(), PowerApi.API_VERSION),
          ApiVersion.V1);
    } catch (ConversionException e) {
      return m;
    }
  }

  /** The kind this validator handles, or {@code ""}: power kinds only in the power API group. */
  private static String kindOf(Manifest m) {
    String kind = m.kind();
    boolean power = m.apiVersion().startsWith(POWER_API);
    return switch (kind) {
      case "PowerProfile",
          "PowerWorkload",
          "PowerConfig",
          "PowerNode",
          "Uncore",
          "CStates",
          "PowerSchedule",
          "TimeOfDay",
          "PowerNodeSettings" ->
          power ? kind : "";
      case "Pod" -> m.apiVersion().equals("v1") ? kind : "";
      default -> kind;
    };
  }

  private RuleResult checkPod(
      JsonNode podTree, String namespace, String prefix, StaticCatalog catalog) {
    TypedReader.Result<Pod> pod = TypedReader.read(podTree, Pod.class);
    if (pod.problem() != null) {
      return RuleResult.of(List.of(prefixed(prefix, pod.problem())));
    }
    PodView view = PodConversion.view(pod.value(), namespace.isEmpty() ? "default" : namespace);
    PodView mutated = view.withContainers(ProfileAnnotation.apply(view));
    RuleResult r = PodRules.check(mutated, catalog);
    if (prefix.isEmpty()) {
      return r;
    }
    return new RuleResult(
        r.violations().stream().map(v -> prefixed(prefix, v)).toList(), r.warnings());
  }

  private static Violation prefixed(String prefix, Violation v) {
    return prefix.isEmpty() ? v : new Violation(prefix + v.field(), v.message());
  }

  private RuleResult checkTemplate(Manifest m, Known known) {
    List<String> path = TEMPLATE_PATHS.get(m.kind());
    if (path == null) {
      return RuleResult.ok();
    }
    JsonNode template = m.tree();
    for (String step : path) {
      template = template.path(step);
    }
    if (!template.isObject()) {
      return RuleResult.ok();
    }
    ObjectNode pod = JsonNodeFactory.instance.objectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.set(
        "metadata",
        template.path("metadata").isObject()
            ? template.path("metadata")
            : JsonNodeFactory.instance.objectNode());
    pod.set("spec", template.path("spec"));
    return checkPod(pod, m.namespace(), String.join(".", path) + ".", known.catalog().build());
  }

  private RuleResult checkProfile(Manifest m, Known known) {
    RuleResult schema = schemaOnly(m, PowerProfile.class);
    if (!schema.allowed()) {
      return schema;
    }
    PowerProfile cr = TypedReader.read(m.tree(), PowerProfile.class).value();
    ProfileCStates cstates = cr.getSpec() == null ? null : cr.getSpec().getCstates();
    return namespaceRule(m)
        .and(
            ProfileRules.check(
                ProfileConversion.view(cr), known.catalog().build(), m.sentIn(), true))
        .and(
            CStateRules.checkProfile(
                cstates != null,
                cstates == null ? null : cstates.getNames(),
                cstates == null ? null : cstates.getMaxLatencyUs(),
                List.of()));
  }

  /** A CStates object: the rules that need no node facts (no cluster is known offline). */
  private RuleResult checkCStates(Manifest m, Known known) {
    RuleResult schema = schemaOnly(m, CStates.class);
    if (!schema.allowed()) {
      return schema;
    }
    CStates cr = TypedReader.read(m.tree(), CStates.class).value();
    CStatesSpec spec = cr.getSpec() == null ? new CStatesSpec() : cr.getSpec();
    Set<String> profiles = new HashSet<>();
    known.profiles().forEach(p -> profiles.add(p.name()));
    return namespaceRule(m)
        .and(
            CStateRules.checkCStates(
                m.name(),
                spec.getNodeSelector() != null,
                List.of(),
                null,
                spec.getSharedPoolCStates(),
                spec.getExclusivePoolCStates(),
                spec.getIndividualCoreCStates(),
                known.knowsProfiles() ? profiles : null,
                Map.of()));
  }

  private RuleResult checkWorkload(
      Manifest m, Known known, Map<String, String> earlierSharedByNode) {
    RuleResult schema = schemaOnly(m, PowerWorkload.class);
    if (!schema.allowed()) {
      return schema;
    }
    WorkloadView view =
        WorkloadConversion.view(TypedReader.read(m.tree(), PowerWorkload.class).value());
    StaticCatalog.Builder catalog = known.catalog();
    earlierSharedByNode.forEach(catalog::sharedWorkload);
    RuleResult result =
        namespaceRule(m).and(WorkloadRules.check(view, catalog.build(), m.sentIn()));
    if (view.allCores() && result.allowed() && known.knowsNodes) {
      for (String node : catalog.build().nodesMatching(view.powerNodeSelector())) {
        earlierSharedByNode.putIfAbsent(node, view.metadataName());
      }
    }
    return result;
  }

  private RuleResult checkConfig(Manifest m, Known known, List<String> earlierConfigs) {
    RuleResult schema = schemaOnly(m, PowerConfig.class);
    if (!schema.allowed()) {
      return schema;
    }
    PowerConfig cr = TypedReader.read(m.tree(), PowerConfig.class).value();
    StaticCatalog.Builder catalog = known.catalog();
    earlierConfigs.forEach(catalog::powerConfig);
    ConfigView view = ConfigConversion.view(cr);
    RuleResult images = agentImages.map(a -> a.check(view.powerImage())).orElse(RuleResult.ok());
    RuleResult result = namespaceRule(m).and(ConfigRules.check(view, catalog.build())).and(images);
    if (result.allowed()) {
      earlierConfigs.add(m.name());
    }
    return result;
  }

  /** A schedule, against the profiles and nodes of the input and the schedules before it. */
  private RuleResult checkSchedule(Manifest m, Known known, List<ScheduleView> earlier) {
    boolean timeOfDay = m.kind().equals("TimeOfDay");
    RuleResult schema = schemaOnly(m, timeOfDay ? TimeOfDay.class : PowerSchedule.class);
    if (!schema.allowed()) {
      return schema;
    }
    ScheduleView view =
        timeOfDay
            ? ScheduleConversion.view(TypedReader.read(m.tree(), TimeOfDay.class).value())
            : ScheduleConversion.view(TypedReader.read(m.tree(), PowerSchedule.class).value());
    RuleResult result =
        namespaceRule(m)
            .and(
                ScheduleRules.check(
                    view, known.catalog().build(), earlier, known.knowsNodes ? known.nodes : null));
    if (result.allowed()) {
      earlier.add(view);
    }
    return result;
  }

  private RuleResult namespaceRule(Manifest m) {
    if (powerNamespace.isEmpty() || m.namespace().isEmpty()) {
      return RuleResult.ok();
    }
    return NamespaceRule.check(m.kind(), m.name(), m.namespace(), powerNamespace.get());
  }

  /** Schema, then the Uncore spec rules (targets need the cluster: the webhook checks them). */
  private static RuleResult checkUncore(Manifest m) {
    RuleResult schema = schemaOnly(m, io.powermanager.api.v1alpha1.Uncore.class);
    if (!schema.allowed()) {
      return schema;
    }
    return TypedReader.read(m.tree(), io.powermanager.api.v1alpha1.Uncore.class)
        .get()
        .map(
            u ->
                io.powermanager.domain.uncore.UncoreRules.checkSpec(
                    io.powermanager.api.convert.UncoreConversion.request(u)))
        .orElse(RuleResult.ok());
  }

  /** Schema, then the PowerNodeSettings spec rules (targets need the cluster). */
  private static RuleResult checkNodeSettings(Manifest m) {
    RuleResult schema = schemaOnly(m, io.powermanager.api.v1alpha1.PowerNodeSettings.class);
    if (!schema.allowed()) {
      return schema;
    }
    return TypedReader.read(m.tree(), io.powermanager.api.v1alpha1.PowerNodeSettings.class)
        .get()
        .map(
            s ->
                io.powermanager.domain.nodesettings.NodeSettingsRules.checkSpec(
                    io.powermanager.api.convert.NodeSettingsConversion.request(s)))
        .orElse(RuleResult.ok());
  }

  private static RuleResult schemaOnly(Manifest m, Class<? extends CustomResource<?, ?>> kind) {
    List<Violation> structural = SchemaCheck.check(m.tree(), PowerResources.crd(kind));
    if (!structural.isEmpty()) {
      return RuleResult.of(structural);
    }
    TypedReader.Result<?> typed = TypedReader.read(m.tree(), kind);
    return typed.problem() == null ? RuleResult.ok() : RuleResult.of(List.of(typed.problem()));
  }

  /** What the whole input tells about the cluster: profiles and nodes. */
  private record Known(
      List<io.powermanager.domain.power.PowerProfile> profiles,
      boolean knowsProfiles,
      Map<String, Map<String, String>> nodes,
      boolean knowsNodes) {

    static Known of(List<Manifest> manifests) {
      Map<String, io.powermanager.domain.power.PowerProfile> profiles = new LinkedHashMap<>();
      Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
      boolean knowsProfiles = false;
      for (Manifest m : manifests) {
        switch (kindOf(m)) {
          case "PowerProfile" -> {
            knowsProfiles = true;
            TypedReader.read(m.tree(), PowerProfile.class)
                .get()
                .flatMap(ProfileConversion::valid)
                .ifPresent(p -> profiles.put(p.name(), p));
          }
          case "PowerConfig" -> {
            knowsProfiles = true;
            TypedReader.read(m.tree(), PowerConfig.class)
                .get()
                .map(c -> ConfigConversion.view(c).powerProfiles())
                .orElse(List.of())
                .forEach(
                    name ->
                        BaseProfile.byName(name)
                            .ifPresent(b -> profiles.putIfAbsent(b.profileName(), b.asProfile())));
          }
          case "Node" ->
              TypedReader.read(m.tree(), Node.class)
                  .get()
                  .ifPresent(
                      n -> {
                        Map<String, String> labels = new HashMap<>(n.getMetadata().getLabels());
                        labels.putIfAbsent("kubernetes.io/hostname", n.getMetadata().getName());
                        nodes.put(n.getMetadata().getName(), labels);
                      });
          default -> {}
        }
      }
      return new Known(List.copyOf(profiles.values()), knowsProfiles, nodes, !nodes.isEmpty());
    }

    StaticCatalog.Builder catalog() {
      StaticCatalog.Builder b = StaticCatalog.builder();
      if (knowsProfiles) {
        b.knowsProfiles();
      }
      if (knowsNodes) {
        b.knowsNodes();
      }
      profiles.forEach(b::profile);
      nodes.forEach(b::node);
      return b;
    }
  }
}
