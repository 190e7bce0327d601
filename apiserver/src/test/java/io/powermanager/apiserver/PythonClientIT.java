package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A client that is neither fabric8 nor kubectl: the official Kubernetes Python client (Debian's
 * {@code python3-kubernetes}, run by {@code /usr/bin/python3} or {@code -Dpython=}). It lists,
 * watches ({@code watch=True}) until it sees the profile it creates, and gets a 422 and an
 * admission denial. The module's build installs the client first ({@code install-python-client.sh},
 * as root); skipped with the reason when it still is missing, except under {@code CI=true}, where
 * its absence is a failure.
 */
class PythonClientIT {
  @TempDir static Path home;
  private static String python;
  private static EmbeddedApiServer api;
  private static TestWebhook webhook;

  @BeforeAll
  static void start() throws Exception {
    python = System.getProperty("python", "/usr/bin/python3");
    String missing = missingClient(python);
    if (missing != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI must run the Python client check, but " + missing);
      }
      assumeTrue(false, missing + ": skipping (apt-get install python3-kubernetes)");
    }
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    webhook = TestWebhook.start();
    assertThat(
            CrdValidationIT.send(
                    api,
                    "POST",
                    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                    Json.text(ChartCrds.crd("powerprofiles")))
                .statusCode())
        .isEqualTo(201);
    webhook.respond(
        call ->
            call.request().path("name").asString("").equals("turbo")
                ? TestWebhook.deny(403, "Forbidden", "profile name \"turbo\" is reserved")
                : TestWebhook.allow());
    assertThat(
            CrdValidationIT.send(
                    api,
                    "POST",
                    "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
                    Json.text(
                        webhook.configuration(
                            "ValidatingWebhookConfiguration",
                            "profiles",
                            "vprofile.power.example.com",
                            "/validate",
                            "Fail",
                            "powerprofiles")))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            CrdValidationIT.send(
                    api,
                    "POST",
                    "/apis/power.intel.com/v1alpha1/namespaces/default/powerprofiles",
                    CrdValidationIT.profile("stored", "\"max\": 3000"))
                .statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    ClusterFixtures.closeAll(webhook, api);
  }

  @Test
  void listsWatchesCreatesAndGetsDenials() throws Exception {
    // When the Python client runs its checks against the front
    JsonNode out = run();

    // Then it listed, its watch streamed the existing and the new profile, and it was refused twice
    assertThat(out.path("namespaces").toString()).contains("\"default\"", "\"kube-system\"");
    assertThat(out.path("listed").toString()).isEqualTo("[\"stored\"]");
    assertThat(out.path("watch_errors").size()).as(out.toString()).isZero();
    assertThat(out.path("events").toString())
        .isEqualTo("[[\"ADDED\",\"stored\"],[\"ADDED\",\"watched\"]]");
    assertThat(out.path("created_spec").has("undeclared")).isFalse();
    assertThat(out.path("created_spec").path("max").asInt()).isEqualTo(2000);

    JsonNode invalid = out.path("float");
    assertThat(invalid.path("status").asInt()).isEqualTo(422);
    assertThat(invalid.path("body").path("reason").asString()).isEqualTo("Invalid");
    assertThat(invalid.path("body").path("details").path("causes").get(0).path("field").asString())
        .isEqualTo("spec.max");

    JsonNode denied = out.path("denied");
    assertThat(denied.path("status").asInt()).isEqualTo(403);
    assertThat(denied.path("body").path("message").asString())
        .isEqualTo(
            "admission webhook \"vprofile.power.example.com\" denied the request: profile name"
                + " \"turbo\" is reserved");
  }

  private static JsonNode run() throws Exception {
    Path script = home.resolve("python_client_check.py");
    try (InputStream in = PythonClientIT.class.getResourceAsStream("/python_client_check.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path kubeconfig = api.writeKubeconfig(home.resolve("kubeconfig"));
    ProcessBuilder builder =
        new ProcessBuilder(List.of(python, script.toString(), kubeconfig.toString()))
            .redirectError(home.resolve("stderr.txt").toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the Python client check did not finish in 120 s");
    }
    String stderr = Files.readString(home.resolve("stderr.txt"));
    assertThat(process.exitValue()).as(stderr).isZero();
    return Json.parse(new String(stdout, StandardCharsets.UTF_8).trim());
  }

  /** Why the Python client cannot run, or {@code null} when it can. */
  private static String missingClient(String python) throws InterruptedException {
    if (!Files.isExecutable(Path.of(python))) {
      return "no Python at " + python;
    }
    try {
      Process probe =
          new ProcessBuilder(python, "-c", "import kubernetes").redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        return python + " cannot import kubernetes (" + output.trim() + ")";
      }
      return null;
    } catch (IOException e) {
      return python + " does not run: " + e.getMessage();
    }
  }
}
