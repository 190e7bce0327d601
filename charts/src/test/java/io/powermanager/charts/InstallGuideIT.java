package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * docs/install.md and the chart's NOTES.txt name objects and values; the chart must render exactly
 * those (release power-manager in namespace power-manager, as the guide installs it).
 */
class InstallGuideIT extends ChartFixture {

  private static final String RELEASE = "power-manager";
  private static final String NAMESPACE = "power-manager";
  private static final Pattern SET = Pattern.compile("--set '?([A-Za-z][A-Za-z0-9.\\[\\]]*)=");
  private static final Pattern TABLE_KEY = Pattern.compile("(?m)^\\| `([A-Za-z][A-Za-z0-9.*]*)`");
  private static final Pattern WORKLOAD = Pattern.compile("\\b(deployment|job)/([a-z0-9-]+)");
  private static final Pattern NAMED =
      Pattern.compile("\\b(secret|service|Secret|Service) `?([a-z0-9][a-z0-9-]*[a-z0-9])`?");

  @ParameterizedTest
  @ValueSource(strings = {"docs/install.md", "NOTES.txt"})
  void namesOnlyValuesTheChartHas(String document) throws IOException {
    // Given
    String text = text(document);
    JsonNode schema =
        RenderedChart.YAML.readTree(
            Files.readString(Helm.chartDir().resolve("values.schema.json")));

    // When
    var keys = new TreeSet<String>();
    collect(SET, text, 1, keys);
    collect(TABLE_KEY, text, 1, keys);

    // Then
    assertThat(keys).as(document).isNotEmpty();
    var softly = new SoftAssertions();
    for (String key : keys) {
      softly.assertThat(resolves(schema, key)).as("%s: value %s", document, key).isTrue();
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/install.md", "NOTES.txt"})
  void namesOnlyObjectsTheChartRenders(String document) throws IOException {
    // Given
    String text = text(document);
    RenderedChart chart =
        RenderedChart.parse(
            helm().template(RELEASE, NAMESPACE, List.of("--set", "powerScheduler.enabled=true")));
    String secret =
        ManagerDeploymentIT.flags(ManagerDeploymentIT.managerContainer(chart))
            .get("--webhook-secret");

    // When
    var workloads = new TreeSet<String>();
    collect(WORKLOAD, text, 0, workloads);
    var named = new TreeSet<String>();
    collect(NAMED, text, 0, named);

    // Then
    assertThat(workloads).as(document).isNotEmpty();
    var softly = new SoftAssertions();
    for (String workload : workloads) {
      String[] kindAndName = workload.split("/");
      String kind = kindAndName[0].equals("job") ? "Job" : "Deployment";
      softly
          .assertThat(chart.find(kind, kindAndName[1]))
          .as("%s: %s", document, workload)
          .isPresent();
    }
    for (String mention : named) {
      String name = mention.substring(mention.indexOf(' ') + 1).replace("`", "");
      if (mention.toLowerCase().startsWith("secret")) {
        softly.assertThat(name).as("%s: %s", document, mention).isEqualTo(secret);
      } else {
        softly.assertThat(chart.find("Service", name)).as("%s: %s", document, mention).isPresent();
      }
    }
    softly.assertAll();
  }

  private static String text(String document) throws IOException {
    if (document.equals("NOTES.txt")) {
      Helm.Result result =
          helm()
              .run(
                  List.of(
                      "install",
                      RELEASE,
                      Helm.chartDir().toString(),
                      "--namespace",
                      NAMESPACE,
                      "--dry-run=client",
                      "--set",
                      "powerConfig.create=true"));
      assertThat(result.exitCode()).as("helm install --dry-run=client:\n%s", result).isZero();
      return result.stdout().substring(result.stdout().indexOf("NOTES:"));
    }
    return Files.readString(Helm.repoRoot().resolve(document));
  }

  private static void collect(Pattern pattern, String text, int group, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(group));
    }
  }

  /**
   * Whether {@code key} (dots, {@code [0]} list items, a trailing {@code .*}) is a value the
   * chart's values.schema.json declares (it allows no other).
   */
  private static boolean resolves(JsonNode schema, String key) {
    JsonNode node = schema;
    List<String> parts = new ArrayList<>(List.of(key.split("\\.")));
    if (parts.get(parts.size() - 1).equals("*")) {
      parts.remove(parts.size() - 1);
    }
    for (String part : parts) {
      int bracket = part.indexOf('[');
      String field = bracket < 0 ? part : part.substring(0, bracket);
      node = dereference(schema, node).path("properties").path(field);
      if (node.isMissingNode()) {
        return false;
      }
      if (bracket >= 0) {
        node = dereference(schema, node).path("items");
      }
    }
    return true;
  }

  private static JsonNode dereference(JsonNode schema, JsonNode node) {
    String ref = node.path("$ref").asString("");
    return ref.startsWith("#/definitions/")
        ? schema.path("definitions").path(ref.substring("#/definitions/".length()))
        : node;
  }
}
