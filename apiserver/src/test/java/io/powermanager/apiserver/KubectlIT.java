package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl against the front. Runs when a kubectl binary is on PATH, or at {@code -Dkubectl=};
 * skipped (and says so) otherwise.
 */
class KubectlIT {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path home;
  private static String kubectl;
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static TestWebhook webhook;
  private static Path kubeconfig;

  /** The output and exit code of one kubectl run (stderr merged into stdout). */
  record Run(int exitCode, String output) {}

  @BeforeAll
  static void start() throws IOException {
    kubectl = findKubectl();
    assumeTrue(
        kubectl != null,
        "no kubectl binary on PATH (or -Dkubectl=/path/to/kubectl): skipping the kubectl IT");
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    client = api.client();
    webhook = TestWebhook.start();
    kubeconfig = api.writeKubeconfig(home.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() throws Exception {
    ClusterFixtures.closeAll(webhook, api);
  }

  @Test
  void versionShowsTheServerVersion() throws Exception {
    Run run = kubectl("version");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("Server Version: v1.33.0");
  }

  @Test
  void appliesGetsDescribesPatchesAndDeletesAPod() throws Exception {
    // Given a pod manifest with two containers
    Path pod = manifest("pod.yaml", pod("web", "busybox:1.36", "busybox:1.36", ""));
    Path changed =
        manifest(
            "pod2.yaml", pod("web", "busybox:1.36", "nginx:1.27", "  labels: {tier: front}\n"));

    // When it is applied, re-applied with one container changed, read, described, patched, deleted
    Run created = kubectl("apply", "-f", pod.toString());
    Run configured = kubectl("apply", "-f", changed.toString());
    Run images = kubectl("get", "pod", "web", "-o", "jsonpath={.spec.containers[*].image}");
    Run table = kubectl("get", "pods", "-o", "wide", "-l", "tier in (front,back)");
    Run described = kubectl("describe", "pod", "web");
    Run patched =
        kubectl(
            "patch",
            "pod",
            "web",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"phase\":\"Running\"}}");
    Run deleted = kubectl("delete", "pod", "web");
    Run gone = kubectl("get", "pod", "web");

    // Then each prints what it prints against a real cluster
    assertThat(created.output()).contains("pod/web created");
    assertThat(configured.output()).contains("pod/web configured");
    assertThat(images.output()).isEqualTo("busybox:1.36 nginx:1.27");
    assertThat(table.output())
        .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE")
        .containsPattern("web\\s+0/2\\s+Pending\\s+0");
    assertThat(described.output()).contains("Name:").contains("web").contains("QoS Class:");
    assertThat(patched.output()).contains("pod/web patched");
    assertThat(deleted.output()).contains("pod \"web\" deleted");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.output()).contains("Error from server (NotFound): pods \"web\" not found");
  }

  @Test
  void printsCustomResourceColumns() throws Exception {
    // Given the PowerProfile CRD with printer columns and one profile
    ClusterFixtures.ensureProfileCrd(client);
    Path profile =
        manifest(
            "profile.yaml",
            String.join(
                "\n",
                "apiVersion: power.intel.com/v1alpha1",
                "kind: PowerProfile",
                "metadata: {name: performance}",
                "spec: {name: performance, max: 3600, min: 3200, epp: performance}",
                ""));

    // When it is applied and listed by short name
    Run applied = kubectl("apply", "-f", profile.toString());
    Run listed = kubectl("get", "pp");

    // Then the printer columns show
    assertThat(applied.output()).contains("powerprofile.power.intel.com/performance created");
    assertThat(listed.output())
        .containsPattern("NAME\\s+MAX\\s+AGE")
        .containsPattern("performance\\s+3600\\s+\\d+s");
  }

  @Test
  void getWatchPrintsChanges() throws Exception {
    // Given kubectl get -w running over one pod
    client.pods().inNamespace("default").resource(Fabric8ClientIT.pod("listed", null)).create();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process watch = start(List.of("get", "pods", "-w", "--request-timeout=30s"));
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          watch.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // ends with the process
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(String.join("\n", lines)).contains("listed"));

      // When a pod is created
      client.pods().inNamespace("default").resource(Fabric8ClientIT.pod("watched", null)).create();

      // Then kubectl prints it as it arrives
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(String.join("\n", lines))
                      .containsPattern("watched\\s+0/1\\s+Pending"));
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
      client.pods().inNamespace("default").withName("watched").delete();
      client.pods().inNamespace("default").withName("listed").delete();
    }
  }

  @Test
  void deniedApplyPrintsTheWebhookMessage() throws Exception {
    // Given a validating webhook that rejects pods asking for an unknown profile
    createWebhook();
    webhook.respond(
        call ->
            call.request().path("object").path("metadata").path("name").asString().equals("turbo")
                ? TestWebhook.deny(403, "Forbidden", "power profile \"turbo\" does not exist")
                : TestWebhook.allow());
    Path bad = manifest("bad.yaml", pod("turbo", "busybox:1.36", "busybox:1.36", ""));
    try {
      // When the pod is applied
      Run run = kubectl("apply", "-f", bad.toString());

      // Then kubectl fails with the API server's wording of the denial
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.output())
          .contains(
              "Error from server (Forbidden): error when creating \""
                  + bad
                  + "\": admission webhook"
                  + " \"vpod.power.example.com\" denied the request: power profile \"turbo\" does not exist");
    } finally {
      client.admissionRegistration().v1().validatingWebhookConfigurations().delete();
    }
  }

  private static void createWebhook() throws Exception {
    Path config = home.resolve("webhook.json");
    Files.writeString(
        config,
        Json.text(
            webhook.configuration(
                "ValidatingWebhookConfiguration",
                "power",
                "vpod.power.example.com",
                "/validate",
                "Fail",
                "pods")));
    Run created = kubectl("apply", "-f", config.toString());
    assertThat(created.exitCode()).as(created.output()).isZero();
  }

  private static String pod(String name, String imageA, String imageB, String extraMetadata) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: "
        + name
        + "\n"
        + extraMetadata
        + "spec:\n  containers:\n  - name: a\n    image: "
        + imageA
        + "\n  - name: b\n    image: "
        + imageB
        + "\n";
  }

  private static Path manifest(String name, String content) throws IOException {
    Path file = home.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static Run kubectl(String... args) throws Exception {
    Process process = start(List.of(args));
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "kubectl " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
  }

  private static Process start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.remove("KUBECONFIG");
    return builder.start();
  }

  static String findKubectl() {
    String chosen = System.getProperty("kubectl", "");
    if (!chosen.isEmpty()) {
      return Files.isExecutable(Path.of(chosen)) ? chosen : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
