package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Every resource the front serves: a fixed table of built-in kinds plus one entry per served
 * version of every stored CustomResourceDefinition. The CRDs are read from the store once and again
 * after each CRD write through the front, so a CRD is usable as soon as it is created.
 */
final class ResourceCatalog {
  private static final List<ResourceType> BUILT_IN = builtIn();
  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  private final Supplier<List<JsonNode>> storedCrds;
  private final boolean rankCustomVersions;
  private volatile List<ResourceType> customTypes;

  ResourceCatalog(Supplier<List<JsonNode>> storedCrds) {
    this(storedCrds, true);
  }

  /**
   * @param rankCustomVersions whether a CRD's versions are ranked as kube-apiserver ranks them (v1
   *     before v1alpha1); otherwise they keep the CRD's order, so discovery prefers the first
   *     listed one: the embedded server without conversion keeps each version's objects apart, and
   *     kubectl's unqualified names must go where the objects are
   */
  ResourceCatalog(Supplier<List<JsonNode>> storedCrds, boolean rankCustomVersions) {
    this.storedCrds = storedCrds;
    this.rankCustomVersions = rankCustomVersions;
  }

  /** Called after every write the front stores; a CRD write makes the next lookup re-read CRDs. */
  void written(ResourceType type) {
    if (!type.custom() && type.plural().equals("customresourcedefinitions")) {
      customTypes = null;
    }
  }

  /** The type served at this group/version/plural, built-in types first. */
  Optional<ResourceType> find(String group, String version, String plural) {
    for (ResourceType type : BUILT_IN) {
      if (type.group().equals(group)
          && type.version().equals(version)
          && type.plural().equals(plural)) {
        return Optional.of(type);
      }
    }
    if (isBuiltInGroup(group)) {
      return Optional.empty();
    }
    return customTypes().stream()
        .filter(
            t ->
                t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BUILT_IN);
    all.addAll(customTypes());
    return all;
  }

  /** Group name → served versions, highest priority first; the core group is not included. */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : all()) {
      if (type.group().isEmpty()) {
        continue;
      }
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    groups.forEach(
        (group, versions) -> {
          if (rankCustomVersions || isBuiltInGroup(group)) {
            versions.sort(ResourceCatalog::compareVersionPriority);
          }
        });
    return groups;
  }

  List<ResourceType> inGroupVersion(String group, String version) {
    return all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  /** A built-in type; fails for names outside the fixed table. */
  static ResourceType builtIn(String group, String version, String plural) {
    return BUILT_IN.stream()
        .filter(
            t ->
                t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no built-in type " + group + "/" + version + "/" + plural));
  }

  static boolean isBuiltInGroup(String group) {
    return BUILT_IN.stream().anyMatch(t -> t.group().equals(group));
  }

  private List<ResourceType> customTypes() {
    List<ResourceType> cached = customTypes;
    if (cached != null) {
      return cached;
    }
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode crd : storedCrds.get()) {
      types.addAll(fromCrd(crd));
    }
    customTypes = List.copyOf(types);
    return customTypes;
  }

  /** One type per served version of a CRD. */
  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asString("");
    String plural = names.path("plural").asString("");
    if (group.isEmpty() || plural.isEmpty()) {
      return List.of();
    }
    String kind = names.path("kind").asString("");
    String singular = names.path("singular").asString(kind.toLowerCase(java.util.Locale.ROOT));
    boolean namespaced = !"Cluster".equals(spec.path("scope").asString("Namespaced"));
    List<String> shortNames = strings(names.path("shortNames"));
    List<String> categories = strings(names.path("categories"));
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      Set<String> subresources =
          version.path("subresources").has("status") ? Set.of("status") : Set.of();
      List<ResourceType.PrinterColumn> columns = new ArrayList<>();
      for (JsonNode column : version.path("additionalPrinterColumns")) {
        columns.add(
            new ResourceType.PrinterColumn(
                column.path("name").asString(""),
                column.path("type").asString("string"),
                column.path("format").asString(""),
                column.path("description").asString(""),
                column.path("priority").asInt(0),
                column.path("jsonPath").asString("")));
      }
      types.add(
          new ResourceType(
              group,
              version.path("name").asString(""),
              plural,
              singular,
              kind,
              namespaced,
              shortNames,
              categories,
              subresources,
              columns,
              true));
    }
    return types;
  }

  /** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
  static int compareVersionPriority(String a, String b) {
    int byRank = Long.compare(versionRank(b), versionRank(a));
    return byRank != 0 ? byRank : a.compareTo(b);
  }

  private static long versionRank(String version) {
    Matcher m = KUBE_VERSION.matcher(version);
    if (!m.matches()) {
      return -1;
    }
    long major = Long.parseLong(m.group(1));
    long stability = m.group(2) == null ? 3 : "beta".equals(m.group(2)) ? 2 : 1;
    long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return stability * 1_000_000_000L + major * 1_000L + minor;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  private static List<ResourceType> builtIn() {
    List<ResourceType> t = new ArrayList<>();
    // core/v1
    t.add(ns("", "v1", "pods", "Pod", List.of("po"), List.of("all"), "status", "binding"));
    t.add(cluster("", "v1", "nodes", "Node", List.of("no"), List.of(), "status"));
    t.add(cluster("", "v1", "namespaces", "Namespace", List.of("ns"), List.of(), "status"));
    t.add(ns("", "v1", "bindings", "Binding", List.of(), List.of()));
    t.add(ns("", "v1", "events", "Event", List.of("ev"), List.of()));
    t.add(ns("", "v1", "services", "Service", List.of("svc"), List.of("all"), "status"));
    t.add(ns("", "v1", "configmaps", "ConfigMap", List.of("cm"), List.of()));
    t.add(ns("", "v1", "secrets", "Secret", List.of(), List.of()));
    t.add(ns("", "v1", "serviceaccounts", "ServiceAccount", List.of("sa"), List.of()));
    t.add(ns("", "v1", "endpoints", "Endpoints", List.of("ep"), List.of()));
    t.add(
        ns("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", List.of("pvc"), List.of()));
    // apps/v1
    t.add(ns("apps", "v1", "daemonsets", "DaemonSet", List.of("ds"), List.of("all"), "status"));
    t.add(
        ns("apps", "v1", "deployments", "Deployment", List.of("deploy"), List.of("all"), "status"));
    t.add(ns("apps", "v1", "replicasets", "ReplicaSet", List.of("rs"), List.of("all"), "status"));
    t.add(
        ns("apps", "v1", "statefulsets", "StatefulSet", List.of("sts"), List.of("all"), "status"));
    t.add(ns("coordination.k8s.io", "v1", "leases", "Lease", List.of(), List.of()));
    t.add(
        cluster(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            List.of("crd", "crds"),
            List.of("api-extensions"),
            "status"));
    t.add(
        cluster(
            "admissionregistration.k8s.io",
            "v1",
            "mutatingwebhookconfigurations",
            "MutatingWebhookConfiguration",
            List.of(),
            List.of("api-extensions")));
    t.add(
        cluster(
            "admissionregistration.k8s.io",
            "v1",
            "validatingwebhookconfigurations",
            "ValidatingWebhookConfiguration",
            List.of(),
            List.of("api-extensions")));
    t.add(ns("events.k8s.io", "v1", "events", "Event", List.of("ev"), List.of()));
    String rbac = "rbac.authorization.k8s.io";
    t.add(ns(rbac, "v1", "roles", "Role", List.of(), List.of()));
    t.add(ns(rbac, "v1", "rolebindings", "RoleBinding", List.of(), List.of()));
    t.add(cluster(rbac, "v1", "clusterroles", "ClusterRole", List.of(), List.of()));
    t.add(cluster(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", List.of(), List.of()));
    t.add(
        ns(
            "policy",
            "v1",
            "poddisruptionbudgets",
            "PodDisruptionBudget",
            List.of("pdb"),
            List.of(),
            "status"));
    t.add(
        cluster(
            "scheduling.k8s.io",
            "v1",
            "priorityclasses",
            "PriorityClass",
            List.of("pc"),
            List.of()));
    return List.copyOf(t);
  }

  private static ResourceType ns(
      String group,
      String version,
      String plural,
      String kind,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        true,
        shortNames,
        categories,
        Set.of(subresources),
        List.of(),
        false);
  }

  private static ResourceType cluster(
      String group,
      String version,
      String plural,
      String kind,
      List<String> shortNames,
      List<String> categories,
      String... subresources) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        false,
        shortNames,
        categories,
        Set.of(subresources),
        List.of(),
        false);
  }
}
