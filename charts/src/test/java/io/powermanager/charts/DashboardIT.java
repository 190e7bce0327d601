package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.metrics.AgentMetrics;
import io.powermanager.agent.telemetry.TelemetryMetrics;
import io.powermanager.agent.telemetry.TelemetrySnapshot;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard as the chart renders it: in a ConfigMap with Grafana's sidecar label, and
 * every query (panel targets and template variables) naming only series the agent exports — the
 * names taken from the agent's own metric registrations, not from a list kept here.
 */
class DashboardIT extends ChartFixture {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "inf",
          "nan");

  @Test
  void dashboardShipsInAConfigMapForGrafanasSidecar() {
    // When
    JsonNode configMap = render(ValueSet.DEFAULTS).one("ConfigMap", "power-manager-dashboard");

    // Then
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asString(""))
        .isEqualTo("1");
    JsonNode dashboard = dashboard(configMap);
    assertThat(dashboard.path("uid").asString("")).isEqualTo("power-manager-telemetry");
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void everyQueryNamesOnlyMetricsTheAgentExports() {
    // Given
    Set<String> exported = exportedSeries();
    JsonNode dashboard =
        dashboard(render(ValueSet.DEFAULTS).one("ConfigMap", "power-manager-dashboard"));

    // When
    List<String> queries = queries(dashboard);

    // Then
    assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
    Set<String> named = new TreeSet<>();
    for (String query : queries) {
      Set<String> metrics = metricNames(query);
      assertThat(metrics).as("metrics named by %s", query).isNotEmpty();
      assertThat(exported).as("series exported, for %s", query).containsAll(metrics);
      named.addAll(metrics);
    }
    assertThat(named)
        .contains(
            TelemetryMetrics.ENERGY,
            TelemetryMetrics.PROFILE_ENERGY,
            TelemetryMetrics.IDLE_SECONDS,
            TelemetryMetrics.CUR_FREQ);
  }

  @Test
  void monitorsAreOffByDefaultAndRenderWhenAskedFor() {
    // Given
    RenderedChart defaults = render(ValueSet.DEFAULTS);

    // When
    RenderedChart on =
        render(
            ValueSet.DEFAULTS,
            "--set",
            "metrics.serviceMonitor.enabled=true",
            "--set",
            "metrics.podMonitor.enabled=true");

    // Then
    assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
    assertThat(defaults.ofKind("PodMonitor")).isEmpty();
    JsonNode pod = on.one("PodMonitor", "power-node-agent");
    assertThat(pod.path("spec").path("podMetricsEndpoints").get(0).path("port").asString(""))
        .isEqualTo("metrics");
    assertThat(
            pod.path("spec")
                .path("selector")
                .path("matchLabels")
                .path("app.kubernetes.io/name")
                .asString(""))
        .isEqualTo("power-node-agent");
    assertThat(
            on.one("ServiceMonitor", "power-manager")
                .path("spec")
                .path("endpoints")
                .get(0)
                .path("port")
                .asString(""))
        .isEqualTo("metrics");
  }

  @Test
  void metricNamesAreWhatAQueryReadsNotItsLabelsOrFunctions() {
    assertThat(
            metricNames(
                "sum by (node) (rate(foo_total{zone=~\"package-[0-9]+\",node=~\"$node\"}"
                    + "[$__rate_interval])) / scalar(count(bar)) or vector(0)"))
        .containsExactly("bar", "foo_total");
    assertThat(metricNames("label_values(baz, node)")).containsExactly("baz");
  }

  private static JsonNode dashboard(JsonNode configMap) {
    String json = configMap.path("data").path("power-manager-telemetry.json").asString("");
    return JsonMapper.builder().build().readTree(json);
  }

  /** Every panel target's expr and every query variable's query. */
  private static List<String> queries(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(target.path("expr").asString(""));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString(""))) {
        out.add(variable.path("query").path("query").asString(""));
      }
    }
    return out;
  }

  /**
   * The metric names in a PromQL query (or a Grafana {@code label_values(metric, label)}): the
   * identifiers left after removing strings, label matchers, ranges, grouping clauses and function
   * calls.
   */
  static Set<String> metricNames(String query) {
    String q =
        query
            .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", "$1")
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
            .replaceAll("\\{[^}]*\\}", "")
            .replaceAll("\\[[^]]*\\]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
            .replaceAll("\\$[a-zA-Z_]+", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(q);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      while (after < q.length() && q.charAt(after) == ' ') {
        after++;
      }
      boolean call = after < q.length() && q.charAt(after) == '(';
      if (!call
          && !PROMQL_WORDS.contains(word.toLowerCase())
          && !Character.isDigit(word.charAt(0))) {
        names.add(word);
      }
    }
    return names;
  }

  /** The series names the agent's registry exports, from its own registrations. */
  private static Set<String> exportedSeries() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new AgentMetrics(registry);
    TelemetryMetrics.register(registry, TelemetrySnapshot::empty);
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof CounterSnapshot) {
        names.add(name + "_total");
      } else if (s instanceof HistogramSnapshot) {
        names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
      } else {
        names.add(name);
      }
    }
    return names;
  }
}
