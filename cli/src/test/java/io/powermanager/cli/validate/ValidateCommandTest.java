package io.powermanager.cli.validate;

import static io.powermanager.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

  static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @Test
  void theSeedsExamplesValidateClean() {
    // When
    CliRun run = run("validate", "-f", EXAMPLES.toString());

    // Then
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("13 objects checked, 0 invalid" + System.lineSeparator());
    assertThat(run.exit()).isZero();
  }

  @Test
  void intelV25sV1ExamplesValidateClean() {
    // Given: Intel v2.5.0's examples (power.intel.com/v1), <NODE_NAME> replaced
    Path intel = Path.of("../api/src/test/resources/conversion/intel-v2.5.0");

    // When
    CliRun run =
        run(
            "validate",
            "-f",
            intel.resolve("example-powerconfig.yaml").toString(),
            "-f",
            intel.resolve("example-shared-profile.yaml").toString(),
            "-f",
            intel.resolve("example-shared-workload.yaml").toString(),
            "--power-namespace",
            "intel-power");

    // Then
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("3 objects checked, 0 invalid" + System.lineSeparator());
    assertThat(run.exit()).isZero();
  }

  @Test
  void keysTheSharedWorkloadNameRuleOnTheManifestsVersion(@TempDir Path dir) throws IOException {
    // Given: the same unprefixed shared workload with a v1 profile without epp, in both versions
    String objects =
        """
        apiVersion: power.intel.com/%1$s
        kind: PowerProfile
        metadata: {name: shared, namespace: intel-power}
        spec: {name: shared, max: 1500, min: 1000, shared: true}
        ---
        apiVersion: power.intel.com/%1$s
        kind: PowerWorkload
        metadata: {name: appqos-nodes, namespace: intel-power}
        spec:
          name: appqos-nodes
          allCores: true
          powerNodeSelector: {feature.node.kubernetes.io/appqos-node: "true"}
          powerProfile: shared
        """;
    Path v1 = Files.writeString(dir.resolve("v1.yaml"), objects.formatted("v1"));
    Path v1alpha1 = Files.writeString(dir.resolve("v1alpha1.yaml"), objects.formatted("v1alpha1"));

    // When
    CliRun ofV1 = run("validate", "-f", v1.toString(), "--power-namespace", "intel-power");
    CliRun ofV1alpha1 =
        run("validate", "-f", v1alpha1.toString(), "--power-namespace", "intel-power");

    // Then
    assertThat(ofV1.exit()).as(ofV1.out()).isZero();
    assertThat(ofV1alpha1.exit()).isNotZero();
    assertThat(ofV1alpha1.out())
        .contains(
            "PowerProfile/shared: spec.epp: epp is required in power.intel.com/v1alpha1",
            "PowerWorkload/appqos-nodes: metadata.name: \"appqos-nodes\" has allCores: true");
  }

  @Test
  void judgesTheCleanExamplesCleanNextToTheInvalidOnes() throws IOException {
    // Given
    List<String> invalidFiles;
    try (Stream<Path> files = invalidExamples()) {
      invalidFiles = files.map(Path::toString).toList();
    }

    // When
    CliRun run =
        run("validate", "-R", "-f", EXAMPLES.toString(), "--power-namespace", "power-manager");

    // Then
    List<String> filesWithViolations =
        run.out()
            .lines()
            .filter(l -> !l.contains(": warning: "))
            .map(l -> l.substring(0, l.indexOf(": ")))
            .distinct()
            .toList();
    assertThat(filesWithViolations).as(run.out()).containsExactlyInAnyOrderElementsOf(invalidFiles);
    assertThat(run.exit()).isEqualTo(1);
  }

  static Stream<Path> invalidExamples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES.resolve("invalid"))) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void everyInvalidExampleFailsWithItsExpectedMessage(Path file) throws IOException {
    // Given
    List<String> header =
        Files.readAllLines(file).stream().filter(l -> l.startsWith("# ")).toList();
    String expected =
        header.stream()
            .filter(l -> l.startsWith("# expect: "))
            .map(l -> l.substring("# expect: ".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(file + " has no '# expect:' line"));
    List<String> args = new ArrayList<>(List.of("validate", "-f", file.toString()));
    header.stream()
        .filter(l -> l.startsWith("# validate-args: "))
        .forEach(l -> args.addAll(List.of(l.substring("# validate-args: ".length()).split(" "))));

    // When
    CliRun run = run(args.toArray(String[]::new));

    // Then
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines()).contains(file + ": " + expected);
  }

  @Test
  void reportsUnreadableInputWithExitTwo(@TempDir Path dir) throws IOException {
    // Given
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "kind: Pod\n  metadata: [\n");

    // When
    CliRun missing = run("validate", "-f", dir.resolve("absent.yaml").toString());
    CliRun unparsable = run("validate", "-f", broken.toString());

    // Then
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith("error: " + dir.resolve("absent.yaml") + ": no such file or directory");
    assertThat(unparsable.exit()).isEqualTo(2);
    assertThat(unparsable.err()).startsWith("error: " + broken + ": not valid YAML or JSON: ");
  }

  @Test
  void flagsUnknownFieldsAndWrongTypesLikeTheApiServer(@TempDir Path dir) throws IOException {
    // Given: the seed's list form of powerNodeSelector, a typo, and MHz given as a fraction
    Path file =
        Files.writeString(
            dir.resolve("typos.yaml"),
            """
            apiVersion: power.intel.com/v1alpha1
            kind: PowerWorkload
            metadata: {name: shared-node-1-workload}
            spec:
              allCores: true
              powerNodeSelector:
              - kubernetes.io/hostname: node-1
              powerProfile: shared
            ---
            apiVersion: power.intel.com/v1alpha1
            kind: PowerProfile
            metadata: {name: eco}
            spec: {name: eco, minn: 800, max: 3500.5, epp: power}
            """);

    // When
    CliRun run = run("validate", "-f", file.toString());

    // Then
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            file
                + ": PowerWorkload/shared-node-1-workload: spec.powerNodeSelector: expected a map,"
                + " got a list",
            file + ": PowerProfile/eco: spec.minn: unknown field \"minn\"",
            file + ": PowerProfile/eco: spec.max: expected a whole number or a string, got 3500.5");
  }

  @Test
  void acceptsATimeOfDayInIntelsV1ShapeWithItsCStateLayer(@TempDir Path dir) throws IOException {
    // Given: Intel's field names (time, powerProfile, pods[labels, target], cState, reservedCPUs)
    Path file =
        Files.writeString(
            dir.resolve("timeofday.yaml"),
            """
            apiVersion: power.intel.com/v1alpha1
            kind: PowerConfig
            metadata: {name: power-config}
            spec:
              powerNodeSelector: {power: "true"}
              powerProfiles: [performance, balance-performance, balance-power]
            ---
            apiVersion: power.intel.com/v1
            kind: TimeOfDay
            metadata: {name: node-1, namespace: intel-power}
            spec:
              timeZone: Eire
              schedule:
              - time: "09:15"
                powerProfile: balance-power
                pods:
                - labels: {matchLabels: {power: "true"}}
                  target: performance
                cState:
                  sharedPoolCStates: {C1: false, C6: true}
              - time: "17:30:00"
                powerProfile: balance-performance
              reservedCPUs: [0, 1]
            """);

    // When
    CliRun run = run("validate", "-f", file.toString());

    // Then
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).isEmpty();
  }

  @Test
  void rejectsATimeOfDayWhoseCStateLayerNamesC0(@TempDir Path dir) throws IOException {
    // Given
    Path file =
        Files.writeString(
            dir.resolve("timeofday.yaml"),
            """
            apiVersion: power.intel.com/v1
            kind: TimeOfDay
            metadata: {name: node-1, namespace: intel-power}
            spec:
              schedule:
              - time: "09:15"
                cState:
                  sharedPoolCStates: {C0: false}
            """);

    // When
    CliRun run = run("validate", "-f", file.toString());

    // Then
    assertThat(run.exit()).as(run.out()).isNotZero();
    assertThat(run.out())
        .contains("spec.schedule[0].cState.sharedPoolCStates.C0: C0 is the running state");
  }

  @Test
  void checksPodTemplatesOfWorkloadControllers(@TempDir Path dir) throws IOException {
    // Given
    Path file =
        Files.writeString(
            dir.resolve("deploy.json"),
            """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
             "spec": {"template": {"metadata": {"annotations": {"power.intel.com/profile": "performance"}},
               "spec": {"containers": [
                 {"name": "app", "resources": {"limits": {"cpu": "2", "memory": "1Gi", "power.intel.com/performance": "3"}}}]}}}}
            """);

    // When
    CliRun run = run("validate", "-f", file.toString());

    // Then
    assertThat(run.out())
        .isEqualTo(
            file
                + ": Deployment/web: spec.template.spec.containers[0] \"app\": 2 CPUs requested but"
                + " power.intel.com/performance is 3; they must be equal"
                + System.lineSeparator());
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void validatesAPodAsTheMutatingWebhookWouldLeaveIt(@TempDir Path dir) throws IOException {
    // Given: the annotation adds power.intel.com/turbo, which no PowerConfig or profile defines
    Path file =
        Files.writeString(
            dir.resolve("annotated.yaml"),
            """
            apiVersion: power.intel.com/v1alpha1
            kind: PowerConfig
            metadata: {name: power-config}
            spec: {powerProfiles: [performance], powerNodeSelector: {a: b}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p, annotations: {power.intel.com/profile: turbo}}
            spec:
              containers:
              - {name: app, resources: {limits: {cpu: "2", memory: 1Gi}}}
            """);

    // When
    CliRun run = run("validate", "-f", file.toString());

    // Then
    assertThat(run.out())
        .isEqualTo(
            file
                + ": Pod/p: spec.containers[0] \"app\": power profile \"turbo\" does not exist"
                + System.lineSeparator());
  }
}
