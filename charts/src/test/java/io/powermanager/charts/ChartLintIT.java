package io.powermanager.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ChartLintIT extends ChartFixture {

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void lintsCleanInStrictMode(ValueSet values) {
    // When
    Helm.Result result = lint(values.args());

    // Then
    assertThat(result.exitCode()).as("helm lint --strict:\n%s", result).isZero();
    assertThat(result.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "webhook.timeoutSeconds, 10, 'maximum: got 10, want 5'",
    "webhook.podFailurePolicy, Sometimes, 'value must be one of'",
    "manager.replicaz, 3, 'additional properties ''replicaz'' not allowed'",
    "uninstall.timeout, soon, 'does not match pattern'",
  })
  void rejectsValuesTheClusterWouldRegret(String key, String value, String message) {
    // When
    Helm.Result result = lint(List.of("--set", key + "=" + value));

    // Then
    assertThat(result.exitCode()).as("helm lint --strict:\n%s", result).isNotZero();
    assertThat(result.stdout() + result.stderr()).contains(message);
  }

  @Test
  void refusesASharedWorkloadWithoutReservedCpus() {
    // When
    Helm.Result result =
        helm()
            .run(
                List.of(
                    "template",
                    ValueSet.RELEASE,
                    Helm.chartDir().toString(),
                    "--is-upgrade",
                    "--skip-schema-validation",
                    "--set",
                    "sharedWorkloads[0].node=worker-1"));

    // Then
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains(
            "sharedWorkloads[node=worker-1].reservedCPUs: missing; give the kubelet's reserved"
                + " CPUs of the node");
  }

  private static Helm.Result lint(List<String> values) {
    var args =
        new ArrayList<>(
            List.of(
                "lint", "--strict", "--namespace", ValueSet.NAMESPACE, Helm.chartDir().toString()));
    args.addAll(values);
    return helm().run(args);
  }
}
