package io.powermanager.charts;

import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * kube-scheduler's rules for a {@code KubeSchedulerConfiguration}'s extenders and the power
 * extender's routes, as problems that name the field and the value. The extender module's {@code
 * ExtenderConfigCheck.check(yaml)} is the one implementation of these rules; until it is on main
 * this holds the subset the chart needs, with the same signature, so {@link #problems} can become a
 * call to it.
 */
final class SchedulerConfigContract {

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
  private static final Pattern GO_DURATION =
      Pattern.compile("([0-9]+(\\.[0-9]*)?(ns|us|ms|s|m|h))+");

  private SchedulerConfigContract() {}

  static List<String> problems(String yaml) {
    var problems = new ArrayList<String>();
    JsonNode root = RenderedChart.YAML.readTree(yaml);
    expect(
        problems,
        "apiVersion",
        root.path("apiVersion").asString(""),
        "kubescheduler.config.k8s.io/v1");
    expect(problems, "kind", root.path("kind").asString(""), "KubeSchedulerConfiguration");
    JsonNode extenders = root.path("extenders");
    if (extenders.size() != 1) {
      problems.add("extenders: " + extenders.size() + " entries, expected the power extender only");
      return problems;
    }
    JsonNode e = extenders.get(0);
    for (String key : e.propertyNames()) {
      if (!EXTENDER_KEYS.contains(key)) {
        problems.add("extenders[0]." + key + ": unknown key; kube-scheduler rejects it");
      }
    }
    URI url = URI.create(e.path("urlPrefix").asString(""));
    expect(problems, "extenders[0].urlPrefix scheme", url.getScheme(), "https");
    expect(problems, "extenders[0].urlPrefix path", url.getPath(), "");
    expect(problems, "extenders[0].enableHTTPS", e.path("enableHTTPS").asString(), "true");
    expect(problems, "extenders[0].filterVerb", e.path("filterVerb").asString(""), "filter");
    expect(
        problems,
        "extenders[0].prioritizeVerb",
        e.path("prioritizeVerb").asString(""),
        "prioritize");
    for (String unsupported : List.of("bindVerb", "preemptVerb")) {
      if (e.has(unsupported)) {
        problems.add("extenders[0]." + unsupported + ": the power extender serves no such route");
      }
    }
    if (!e.path("weight").isIntegralNumber() || e.path("weight").asLong() <= 0) {
      problems.add("extenders[0].weight: " + e.path("weight") + "; must be a positive integer");
    }
    if (!GO_DURATION.matcher(e.path("httpTimeout").asString("")).matches()) {
      problems.add("extenders[0].httpTimeout: " + e.path("httpTimeout") + " is not a duration");
    }
    if (!e.path("tlsConfig").has("caFile")
        || e.path("tlsConfig").path("insecure").asBoolean(false)) {
      problems.add(
          "extenders[0].tlsConfig: no caFile, so the extender's certificate is not verified");
    }
    expect(
        problems, "extenders[0].nodeCacheCapable", e.path("nodeCacheCapable").asString(), "true");
    var managed = new ArrayList<String>();
    for (JsonNode r : e.path("managedResources")) {
      String name = r.path("name").asString("");
      managed.add(name);
      if (!PowerNames.isPowerResource(name)) {
        problems.add("extenders[0].managedResources: " + name + " is not a power resource");
      }
      if (r.path("ignoredByScheduler").asBoolean(false)) {
        problems.add("extenders[0].managedResources: " + name + " has ignoredByScheduler: true");
      }
    }
    for (BaseProfile base : BaseProfile.values()) {
      if (!managed.contains(PowerNames.resourceName(base.profileName()))) {
        problems.add(
            "extenders[0].managedResources: "
                + PowerNames.resourceName(base.profileName())
                + " is missing, so pods asking for it skip the power extender");
      }
    }
    return problems;
  }

  private static void expect(List<String> problems, String field, String actual, String expected) {
    if (!expected.equals(actual)) {
      problems.add(field + ": \"" + actual + "\", expected \"" + expected + "\"");
    }
  }
}
