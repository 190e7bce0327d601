package io.powermanager.charts;

import io.powermanager.domain.KubernetesNames;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.extender.http.ExtenderRoutes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks a {@code KubeSchedulerConfiguration} ({@code kubescheduler.config.k8s.io/v1}) against
 * kube-scheduler's extender contract and against this extender's routes. Used on {@code
 * examples/scheduler/} and on the chart's rendered scheduler configuration. Pure and thread-safe.
 *
 * <p>Every extender entry: {@code urlPrefix} present and {@code http(s)://}, its scheme matching
 * {@code enableHTTPS}; {@code weight > 0} when {@code prioritizeVerb} is set; {@code httpTimeout} a
 * Go duration; {@code tlsConfig} only with {@code enableHTTPS}; no unknown keys (kube-scheduler
 * decodes strictly); {@code managedResources} valid extended resource names, each managed by one
 * extender only. At most one extender binds.
 *
 * <p>The power extender (the one managing {@code power.intel.com/*} resources) must exist and use
 * this server's routes: {@code filterVerb: filter}, {@code prioritizeVerb: prioritize} (or none),
 * no bind or preempt verb, {@code urlPrefix} path equal to the route prefix; manage every base
 * profile's resource; and leave {@code ignoredByScheduler} false, so kube-scheduler keeps checking
 * allocatable between a binding and the extender seeing it.
 */
public final class ExtenderConfigCheck {

  private static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
  private static final String KIND = "KubeSchedulerConfiguration";
  private static final Set<String> EXTENDER_KEYS =
      Set.of(
          "urlPrefix",
          "filterVerb",
          "preemptVerb",
          "prioritizeVerb",
          "weight",
          "bindVerb",
          "enableHTTPS",
          "tlsConfig",
          "httpTimeout",
          "nodeCacheCapable",
          "managedResources",
          "ignorable");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "insecure",
          "serverName",
          "certFile",
          "keyFile",
          "caFile",
          "certData",
          "keyData",
          "caData");
  private static final Set<String> MANAGED_RESOURCE_KEYS = Set.of("name", "ignoredByScheduler");
  private static final Pattern GO_DURATION =
      Pattern.compile("0|[-+]?(\\d*(\\.\\d*)?(ns|us|µs|ms|s|m|h))+");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private ExtenderConfigCheck() {}

  /** Checks against routes mounted at the server's root ({@code /filter}, {@code /prioritize}). */
  public static List<String> check(String yamlText) {
    return check(yamlText, "");
  }

  /**
   * @param routePrefix the path the extender's routes are mounted under, e.g. {@code ""} or {@code
   *     "/scheduler"}
   * @return one message per problem, naming the extender, the field and the value; empty when the
   *     configuration is sound
   */
  public static List<String> check(String yamlText, String routePrefix) {
    JsonNode root;
    try {
      root = YAML.readTree(yamlText);
    } catch (JacksonException e) {
      return List.of("not a YAML document: " + e.getOriginalMessage());
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      return List.of("not a KubeSchedulerConfiguration: the document is not a mapping");
    }
    expect(problems, root, "apiVersion", API_VERSION);
    expect(problems, root, "kind", KIND);
    JsonNode extenders = root.path("extenders");
    if (!extenders.isArray() || extenders.isEmpty()) {
      problems.add("extenders: none configured, so kube-scheduler never calls the power extender");
      return problems;
    }
    Map<String, Integer> managedBy = new HashMap<>();
    int binders = 0;
    boolean powerExtenderFound = false;
    for (int i = 0; i < extenders.size(); i++) {
      JsonNode e = extenders.get(i);
      String at = "extenders[" + i + "]";
      if (!e.isObject()) {
        problems.add(at + ": not a mapping");
        continue;
      }
      checkEntry(problems, e, at, managedBy, i);
      if (!text(e, "bindVerb").isEmpty()) {
        binders++;
      }
      if (managesPower(e)) {
        powerExtenderFound = true;
        checkPowerExtender(problems, e, at, routePrefix);
      }
    }
    if (binders > 1) {
      problems.add("extenders: " + binders + " set bindVerb; only one extender can implement bind");
    }
    if (!powerExtenderFound) {
      problems.add(
          "extenders: none manages a "
              + PowerNames.RESOURCE_PREFIX
              + "* resource, so kube-scheduler never calls the power extender for power pods");
    }
    return problems;
  }

  private static void checkEntry(
      List<String> problems, JsonNode e, String at, Map<String, Integer> managedBy, int index) {
    unknownKeys(problems, e, at, EXTENDER_KEYS);
    String url = text(e, "urlPrefix");
    boolean https = e.path("enableHTTPS").asBoolean(false);
    if (url.isEmpty()) {
      problems.add(at + ".urlPrefix: missing");
    } else {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
          problems.add(at + ".urlPrefix: \"" + url + "\" is not an http:// or https:// URL");
        } else if (https != scheme.equals("https")) {
          problems.add(
              at
                  + ".urlPrefix: scheme \""
                  + scheme
                  + "\" does not match enableHTTPS: "
                  + https
                  + " (kube-scheduler takes the scheme from urlPrefix)");
        }
      } catch (URISyntaxException ex) {
        problems.add(at + ".urlPrefix: \"" + url + "\" is not a URL: " + ex.getReason());
      }
    }
    if (!text(e, "prioritizeVerb").isEmpty()) {
      JsonNode weight = e.path("weight");
      if (!weight.isIntegralNumber() || weight.asLong() <= 0) {
        problems.add(
            at
                + ".weight: "
                + (weight.isMissingNode() ? "missing" : weight.toString())
                + "; must be a positive integer when prioritizeVerb is set");
      }
    }
    JsonNode timeout = e.path("httpTimeout");
    if (!timeout.isMissingNode()
        && !(timeout.isString() && GO_DURATION.matcher(timeout.stringValue()).matches())) {
      problems.add(at + ".httpTimeout: " + timeout + " is not a duration such as \"5s\"");
    } else if (timeout.isString() && timeout.stringValue().startsWith("-")) {
      problems.add(at + ".httpTimeout: " + timeout + " is negative");
    }
    JsonNode tls = e.path("tlsConfig");
    if (!tls.isMissingNode() && !tls.isNull()) {
      unknownKeys(problems, tls, at + ".tlsConfig", TLS_KEYS);
      if (!https) {
        problems.add(at + ".tlsConfig: ignored because enableHTTPS is not true");
      }
    }
    JsonNode managed = e.path("managedResources");
    if (!managed.isMissingNode() && !managed.isArray()) {
      problems.add(at + ".managedResources: not a list");
      return;
    }
    for (int j = 0; j < managed.size(); j++) {
      JsonNode r = managed.get(j);
      String rat = at + ".managedResources[" + j + "]";
      unknownKeys(problems, r, rat, MANAGED_RESOURCE_KEYS);
      String name = text(r, "name");
      if (!isExtendedResourceName(name)) {
        problems.add(rat + ".name: \"" + name + "\" is not a valid extended resource name");
      }
      Integer before = managedBy.putIfAbsent(name, index);
      if (before != null && before != index) {
        problems.add(
            rat + ".name: \"" + name + "\" is already managed by extenders[" + before + "]");
      }
    }
  }

  private static void checkPowerExtender(
      List<String> problems, JsonNode e, String at, String routePrefix) {
    verb(problems, e, at, "filterVerb", ExtenderRoutes.FILTER_VERB, false);
    verb(problems, e, at, "prioritizeVerb", ExtenderRoutes.PRIORITIZE_VERB, true);
    for (String unsupported : List.of("bindVerb", "preemptVerb")) {
      if (!text(e, unsupported).isEmpty()) {
        problems.add(
            at
                + "."
                + unsupported
                + ": \""
                + text(e, unsupported)
                + "\" but the power extender serves no such route");
      }
    }
    String url = text(e, "urlPrefix");
    try {
      String path = url.isEmpty() ? "" : new URI(url).getPath();
      String want = trimSlash(routePrefix);
      if (!trimSlash(path == null ? "" : path).equals(want)) {
        problems.add(
            at
                + ".urlPrefix: path \""
                + path
                + "\" does not match the route prefix \""
                + want
                + "\" the extender serves /"
                + ExtenderRoutes.FILTER_VERB
                + " under");
      }
    } catch (URISyntaxException ex) {
      // reported by checkEntry
    }
    JsonNode managed = e.path("managedResources");
    for (BaseProfile base : BaseProfile.values()) {
      String resource = PowerNames.resourceName(base.profileName());
      boolean listed = false;
      for (JsonNode r : managed) {
        if (resource.equals(text(r, "name"))) {
          listed = true;
          if (r.path("ignoredByScheduler").asBoolean(false)) {
            problems.add(
                at
                    + ".managedResources: "
                    + resource
                    + " has ignoredByScheduler: true; keep it false so kube-scheduler still"
                    + " checks allocatable until the extender sees each binding");
          }
        }
      }
      if (!listed) {
        problems.add(
            at
                + ".managedResources: "
                + resource
                + " is missing, so pods asking for it skip the power extender");
      }
    }
  }

  private static void verb(
      List<String> problems, JsonNode e, String at, String key, String expected, boolean optional) {
    String actual = text(e, key);
    if (actual.isEmpty() && optional) {
      return;
    }
    if (!actual.equals(expected)) {
      problems.add(
          at
              + "."
              + key
              + ": \""
              + actual
              + "\" but the power extender serves \""
              + expected
              + "\"");
    }
  }

  private static boolean managesPower(JsonNode e) {
    for (JsonNode r : e.path("managedResources")) {
      if (PowerNames.isPowerResource(text(r, "name"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Kubernetes' {@code IsExtendedResourceName}: has a domain prefix outside {@code kubernetes.io},
   * does not start with {@code requests.}, and {@code requests.<name>} is a qualified name.
   */
  static boolean isExtendedResourceName(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String prefix = name.substring(0, slash);
    if (prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io")) {
      return false;
    }
    return !name.startsWith("requests.") && KubernetesNames.isQualifiedName("requests." + name);
  }

  private static void unknownKeys(List<String> problems, JsonNode o, String at, Set<String> known) {
    if (!o.isObject()) {
      problems.add(at + ": not a mapping");
      return;
    }
    for (String key : o.propertyNames()) {
      if (!known.contains(key)) {
        String hint = key.equalsIgnoreCase("enableHTTPS") ? " (v1 spells it enableHTTPS)" : "";
        problems.add(at + "." + key + ": unknown key; kube-scheduler rejects it" + hint);
      }
    }
  }

  private static void expect(List<String> problems, JsonNode root, String key, String value) {
    String actual = text(root, key);
    if (!actual.equals(value)) {
      problems.add(key + ": \"" + actual + "\", expected \"" + value + "\"");
    }
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.path(key);
    return v.isString() ? v.stringValue() : v.isMissingNode() || v.isNull() ? "" : v.toString();
  }

  private static String trimSlash(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
