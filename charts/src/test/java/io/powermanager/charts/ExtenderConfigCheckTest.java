package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtenderConfigCheckTest {

  private static final Path EXAMPLE =
      Path.of(System.getProperty("examples.dir", "../examples"))
          .resolve("scheduler/kube-scheduler-config.yaml");

  @Test
  void findsNoProblemInTheShippedExample() throws IOException {
    // Given
    String yaml = Files.readString(EXAMPLE);

    // When
    var problems = ExtenderConfigCheck.check(yaml);

    // Then
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          weight 0 with a prioritize verb     | 'weight: 5'               | 'weight: 0'                       | 'extenders[0].weight: 0; must be a positive integer when prioritizeVerb is set'
          no weight with a prioritize verb    | 'weight: 5'               | ''                                | 'extenders[0].weight: missing; must be a positive integer when prioritizeVerb is set'
          http URL with enableHTTPS           | '"https://10.96.0.20:443"' | '"http://10.96.0.20:443"'      | 'extenders[0].urlPrefix: scheme "http" does not match enableHTTPS: true (kube-scheduler takes the scheme from urlPrefix)'
          filter verb the server lacks        | 'filterVerb: filter'      | 'filterVerb: predicates'          | 'extenders[0].filterVerb: "predicates" but the power extender serves "filter"'
          prioritize verb the server lacks    | 'prioritizeVerb: prioritize' | 'prioritizeVerb: priorities'   | 'extenders[0].prioritizeVerb: "priorities" but the power extender serves "prioritize"'
          a bind verb the server lacks        | 'filterVerb: filter'      | 'filterVerb: filter\\n    bindVerb: bind' | 'extenders[0].bindVerb: "bind" but the power extender serves no such route'
          a URL path the routes are not under | '"https://10.96.0.20:443"' | '"https://10.96.0.20:443/scheduler"' | 'extenders[0].urlPrefix: path "/scheduler" does not match the route prefix "" the extender serves /filter under'
          an invalid resource name            | 'power.intel.com/balance-power' | 'power.intel.com/balance power' | 'extenders[0].managedResources[2].name: "power.intel.com/balance power" is not a valid extended resource name'
          a native resource name              | 'power.intel.com/balance-power' | 'cpu'                     | 'extenders[0].managedResources[2].name: "cpu" is not a valid extended resource name'
          a base profile not managed          | 'power.intel.com/balance-power' | 'power.intel.com/custom' | 'extenders[0].managedResources: power.intel.com/balance-power is missing, so pods asking for it skip the power extender'
          the legacy HTTPS spelling           | 'enableHTTPS: true'       | 'enableHTTPS: true\\n    enableHttps: true' | 'extenders[0].enableHttps: unknown key; kube-scheduler rejects it (v1 spells it enableHTTPS)'
          a timeout that is no duration       | 'httpTimeout: 2s'         | 'httpTimeout: two seconds'        | 'extenders[0].httpTimeout: "two seconds" is not a duration such as "5s"'
          a wrong apiVersion                  | 'kubescheduler.config.k8s.io/v1' | 'kubescheduler.config.k8s.io/v1beta3' | 'apiVersion: "kubescheduler.config.k8s.io/v1beta3", expected "kubescheduler.config.k8s.io/v1"'
          """)
  void reportsAProblemThatNamesTheFieldAndTheValue(
      String why, String replace, String with, String problem) throws IOException {
    // Given
    String yaml = Files.readString(EXAMPLE).replace(replace, with.replace("\\n", "\n"));

    // When
    var problems = ExtenderConfigCheck.check(yaml);

    // Then
    assertThat(yaml).as(why).isNotEqualTo(Files.readString(EXAMPLE));
    assertThat(problems).contains(problem);
  }

  @Test
  void flagsIgnoredBySchedulerForAPowerResource() throws IOException {
    // Given
    String yaml =
        Files.readString(EXAMPLE)
            .replaceFirst("\n {8}ignoredByScheduler: false", "\n        ignoredByScheduler: true");

    // When
    var problems = ExtenderConfigCheck.check(yaml);

    // Then
    assertThat(problems)
        .containsExactly(
            "extenders[0].managedResources: power.intel.com/performance has ignoredByScheduler:"
                + " true; keep it false so kube-scheduler still checks allocatable until the"
                + " extender sees each binding");
  }

  @Test
  void acceptsRoutesMountedUnderAPrefix() throws IOException {
    // Given
    String yaml =
        Files.readString(EXAMPLE)
            .replace("\"https://10.96.0.20:443\"", "\"https://10.96.0.20:443/scheduler/\"");

    // When
    var problems = ExtenderConfigCheck.check(yaml, "/scheduler");

    // Then
    assertThat(problems).isEmpty();
  }

  @Test
  void allowsOnlyOneBinderAndOneManagerPerResource() {
    // Given
    String yaml =
        """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        extenders:
          - urlPrefix: http://a:80
            bindVerb: bind
            managedResources: [{name: example.com/gpu}]
          - urlPrefix: http://b:80
            bindVerb: bind
            managedResources: [{name: example.com/gpu}]
        """;

    // When
    var problems = ExtenderConfigCheck.check(yaml);

    // Then
    assertThat(problems)
        .containsExactly(
            "extenders[1].managedResources[0].name: \"example.com/gpu\" is already managed by"
                + " extenders[0]",
            "extenders: 2 set bindVerb; only one extender can implement bind",
            "extenders: none manages a power.intel.com/* resource, so kube-scheduler never calls"
                + " the power extender for power pods");
  }

  @Test
  void saysWhenTheTextIsNotYaml() {
    // When
    var problems = ExtenderConfigCheck.check("extenders: [unclosed");

    // Then
    assertThat(problems).singleElement().asString().startsWith("not a YAML document: ");
  }
}
