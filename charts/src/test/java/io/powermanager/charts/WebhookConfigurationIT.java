package io.powermanager.charts;

import static io.powermanager.charts.RenderedChart.id;
import static io.powermanager.charts.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.api.PowerAnnotations;
import io.powermanager.domain.power.PowerNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class WebhookConfigurationIT extends ChartFixture {

  private static final String MUTATING = "MutatingWebhookConfiguration";
  private static final String VALIDATING = "ValidatingWebhookConfiguration";
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final List<String> POWER_KINDS =
      List.of(
          "powerconfigs",
          "powerprofiles",
          "powerworkloads",
          "powernodes",
          "uncores",
          "cstates",
          "powerschedules",
          "timeofdays",
          "powernodesettings");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void followsTheAdmissionRegistrationRulesInEveryWebhook(ValueSet values) {
    // Given
    RenderedChart chart = render(values);
    JsonNode service = chart.component("Service", "webhook");

    // When
    List<JsonNode> webhooks = webhooks(chart);

    // Then
    var softly = new SoftAssertions();
    assertThat(webhooks).hasSize(4);
    var names = new TreeSet<String>();
    for (JsonNode w : webhooks) {
      String name = w.path("name").asString("");
      softly.assertThat(names.add(name)).as("%s is unique", name).isTrue();
      softly.assertThat(name).as("name").matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
      softly
          .assertThat(name.split("\\."))
          .as("%s has 3 or more segments", name)
          .hasSizeGreaterThanOrEqualTo(3);
      softly.assertThat(strings(w.path("admissionReviewVersions"))).as(name).containsExactly("v1");
      softly.assertThat(w.path("sideEffects").asString("")).as(name).isEqualTo("None");
      softly.assertThat(w.path("timeoutSeconds").asInt(0)).as(name).isBetween(1, 5);
      softly.assertThat(w.path("failurePolicy").asString("")).as(name).isEqualTo("Fail");
      JsonNode target = w.path("clientConfig").path("service");
      softly.assertThat(w.path("clientConfig").has("url")).as(name).isFalse();
      softly
          .assertThat(target.path("namespace").asString(""))
          .as(name)
          .isEqualTo(ValueSet.NAMESPACE);
      softly
          .assertThat(target.path("name").asString(""))
          .as(name)
          .isEqualTo(RenderedChart.name(service));
      softly
          .assertThat(target.path("port").asInt(0))
          .as(name)
          .isEqualTo(service.path("spec").path("ports").get(0).path("port").asInt(-1));
      softly
          .assertThat(target.path("path").asString(""))
          .as(name)
          .isEqualTo(name.contains(".mutate.") ? "/mutate" : "/validate");
    }
    softly.assertAll();
  }

  @Test
  void takesEachFailurePolicyFromItsValue() {
    // When
    RenderedChart chart =
        render(
            ValueSet.DEFAULTS,
            "--set",
            "webhook.podFailurePolicy=Ignore",
            "--set",
            "webhook.timeoutSeconds=2");

    // Then
    for (JsonNode w : webhooks(chart)) {
      String expected = coversPods(w) ? "Ignore" : "Fail";
      assertThat(w.path("failurePolicy").asString(""))
          .as(w.path("name").asString(""))
          .isEqualTo(expected);
      assertThat(w.path("timeoutSeconds").asInt(0)).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void keepsPodsAndPowerObjectsInSeparateWebhooks(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    for (JsonNode w : webhooks(chart)) {
      String name = w.path("name").asString("");
      var resources = new TreeSet<String>();
      w.path("rules").forEach(r -> resources.addAll(strings(r.path("resources"))));
      if (coversPods(w)) {
        assertThat(resources).as(name).allMatch(r -> r.startsWith("pods"));
        assertThat(strings(notInNamespaces(w)))
            .as("%s never sees kube-system or the power namespace", name)
            .contains("kube-system", ValueSet.NAMESPACE);
        assertThat(w.path("matchConditions")).as(name).isNotEmpty();
      } else {
        assertThat(POWER_KINDS).as(name).containsAll(resources);
        assertThat(w.has("namespaceSelector"))
            .as("%s must admit power objects in the power namespace", name)
            .isFalse();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void sendsTheOperationsTheWebhookServerDecides(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    List<String> mutating = new ArrayList<>(List.of("CREATE /v1/pods"));
    List<String> validating = new ArrayList<>(List.of("CREATE /v1/pods", "UPDATE /v1/pods/resize"));
    // the seed kinds in both versions: the webhook reviews an object in the version it was sent in
    for (String version : List.of("v1alpha1", "v1")) {
      String g = "power.intel.com/" + version + "/";
      mutating.addAll(List.of("CREATE " + g + "powerprofiles", "UPDATE " + g + "powerprofiles"));
      for (String r :
          List.of(
              "powerconfigs",
              "powerprofiles",
              "powerworkloads",
              "powernodes",
              "powerschedules",
              "timeofdays",
              "uncores",
              "cstates",
              "powernodesettings")) {
        validating.addAll(List.of("CREATE " + g + r, "UPDATE " + g + r));
      }
      validating.add("DELETE " + g + "powerprofiles");
    }
    assertThat(operations(chart, MUTATING)).containsExactlyInAnyOrderElementsOf(mutating);
    assertThat(operations(chart, VALIDATING)).containsExactlyInAnyOrderElementsOf(validating);
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void leavesTheCaBundleToTheManagerOrToCertManager(ValueSet values) {
    // When
    RenderedChart chart = render(values);

    // Then
    for (String kind : List.of(MUTATING, VALIDATING)) {
      JsonNode config = chart.ofKind(kind).findFirst().orElseThrow();
      String inject =
          config
              .path("metadata")
              .path("annotations")
              .path("cert-manager.io/inject-ca-from")
              .asString("");
      config
          .path("webhooks")
          .forEach(w -> assertThat(w.path("clientConfig").has("caBundle")).isFalse());
      if (values.certManager()) {
        JsonNode certificate = chart.one("Certificate", inject.substring(inject.indexOf('/') + 1));
        assertThat(inject).as(id(config)).startsWith(ValueSet.NAMESPACE + "/");
        assertThat(certificate.path("metadata").path("namespace").asString(""))
            .isEqualTo(ValueSet.NAMESPACE);
      } else {
        assertThat(inject).as(id(config)).isEmpty();
      }
    }
  }

  static List<Arguments> pods() {
    String power = PowerNames.RESOURCE_PREFIX + "performance";
    return List.of(
        new Arguments(
            "a container requests a profile",
            true,
            pod(
                List.of(container(Map.of("requests", Map.of("cpu", "2", power, "2")))),
                List.of(),
                Map.of())),
        new Arguments(
            "a container limits a profile only",
            true,
            pod(List.of(container(Map.of("limits", Map.of(power, "2")))), List.of(), Map.of())),
        new Arguments(
            "the second container asks",
            true,
            pod(
                List.of(container(Map.of()), container(Map.of("limits", Map.of(power, "1")))),
                List.of(),
                Map.of())),
        new Arguments(
            "an init container asks",
            true,
            pod(
                List.of(container(Map.of())),
                List.of(container(Map.of("requests", Map.of(power, "1")))),
                Map.of())),
        new Arguments(
            "the profile annotation only",
            true,
            pod(
                List.of(Map.of("name", "app")),
                List.of(),
                Map.of(PowerAnnotations.PROFILE, "performance"))),
        new Arguments(
            "cpu and memory only",
            false,
            pod(
                List.of(
                    container(
                        Map.of("requests", Map.of("cpu", "2"), "limits", Map.of("cpu", "2")))),
                List.of(),
                Map.of())),
        new Arguments(
            "another vendor's extended resource",
            false,
            pod(
                List.of(container(Map.of("limits", Map.of("example.com/power.intel.com", "1")))),
                List.of(),
                Map.of())),
        new Arguments(
            "no resources, no annotations, no init containers",
            false,
            pod(List.of(Map.of("name", "app")), List.of(), null)),
        new Arguments(
            "other annotations",
            false,
            pod(
                List.of(Map.of("name", "app", "resources", Map.of())),
                List.of(),
                Map.of("power.intel.com/other", "x"))));
  }

  record Arguments(String why, boolean sent, Map<String, Object> pod) {
    @Override
    public String toString() {
      return why;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void sendsOnlyPodsThatAskForPowerAndNeverErrs(Arguments pod) {
    // Given
    RenderedChart chart = render(ValueSet.DEFAULTS);

    for (JsonNode w : webhooks(chart)) {
      if (!coversPods(w)) {
        continue;
      }
      List<String> expressions =
          w.path("matchConditions")
              .valueStream()
              .map(c -> c.path("expression").asString(""))
              .toList();

      // When
      MatchConditions.Outcome outcome = MatchConditions.evaluate(expressions, pod.pod());

      // Then
      assertThat(outcome)
          .as("%s: %s", w.path("name").asString(""), pod.why())
          .isEqualTo(pod.sent() ? new MatchConditions.Sent() : new MatchConditions.Skipped());
    }
  }

  private static Map<String, Object> container(Map<String, Object> resources) {
    return Map.of("name", "c", "image", "busybox", "resources", resources);
  }

  private static Map<String, Object> pod(
      List<Map<String, Object>> containers,
      List<Map<String, Object>> initContainers,
      Map<String, String> annotations) {
    var metadata = new java.util.HashMap<String, Object>(Map.of("name", "p", "namespace", "apps"));
    if (annotations != null) {
      metadata.put("annotations", annotations);
    }
    var spec = new java.util.HashMap<String, Object>(Map.of("containers", containers));
    if (!initContainers.isEmpty()) {
      spec.put("initContainers", initContainers);
    }
    return Map.of("apiVersion", "v1", "kind", "Pod", "metadata", metadata, "spec", spec);
  }

  private static List<JsonNode> webhooks(RenderedChart chart) {
    var all = new ArrayList<JsonNode>();
    for (String kind : List.of(MUTATING, VALIDATING)) {
      chart.ofKind(kind).forEach(c -> c.path("webhooks").forEach(all::add));
    }
    return all;
  }

  private static boolean coversPods(JsonNode webhook) {
    return webhook
        .path("rules")
        .valueStream()
        .anyMatch(r -> strings(r.path("resources")).stream().anyMatch(s -> s.startsWith("pods")));
  }

  private static JsonNode notInNamespaces(JsonNode webhook) {
    for (JsonNode e : webhook.path("namespaceSelector").path("matchExpressions")) {
      if (e.path("key").asString("").equals("kubernetes.io/metadata.name")
          && e.path("operator").asString("").equals("NotIn")) {
        return e.path("values");
      }
    }
    return webhook.path("namespaceSelector").path("missing");
  }

  /**
   * {@code "<OP> <group>/<version>/<resource>"} of every rule of the configuration of {@code kind}.
   */
  private static List<String> operations(RenderedChart chart, String kind) {
    var all = new ArrayList<String>();
    chart
        .ofKind(kind)
        .forEach(
            c ->
                c.path("webhooks")
                    .forEach(
                        w ->
                            w.path("rules")
                                .forEach(
                                    r -> {
                                      for (String op : strings(r.path("operations"))) {
                                        for (String group : strings(r.path("apiGroups"))) {
                                          for (String version : strings(r.path("apiVersions"))) {
                                            for (String resource : strings(r.path("resources"))) {
                                              all.add(
                                                  op + " " + group + "/" + version + "/"
                                                      + resource);
                                            }
                                          }
                                        }
                                      }
                                    })));
    return all;
  }
}
