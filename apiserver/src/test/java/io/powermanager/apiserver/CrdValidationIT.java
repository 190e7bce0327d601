package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The front as strict as kube-apiserver with the chart's own CRDs: schema validation with 422
 * {@code Invalid}, pruning of unknown fields ({@code fieldValidation}), {@code dryRun} everywhere,
 * query booleans parsed as Go does. Plain HTTP, so every status code and header is visible.
 */
class CrdValidationIT {
  private static final String PROFILES =
      "/apis/power.intel.com/v1alpha1/namespaces/default/powerprofiles";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    HttpResponse<String> crd =
        send(
            "POST",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            Json.text(ChartCrds.crd("powerprofiles")));
    assertThat(crd.statusCode()).as(crd.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @BeforeEach
  void noProfiles() throws Exception {
    send("DELETE", PROFILES, "");
  }

  @Test
  void aFloatForAnIntegerIsRefusedWith422Invalid() throws Exception {
    // When a profile with max 3500.7 is created
    HttpResponse<String> response = send("POST", PROFILES, profile("eco", "\"max\": 3500.7"));

    // Then kube-apiserver's Status comes back and nothing is stored
    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode status = Json.parse(response.body());
    assertThat(status.path("reason").asString()).isEqualTo("Invalid");
    assertThat(status.path("message").asString())
        .isEqualTo(
            "PowerProfile.power.intel.com \"eco\" is invalid: spec.max: Invalid value: \"number\":"
                + " spec.max in body must be of type integer,string: \"number\"");
    JsonNode details = status.path("details");
    assertThat(details.path("name").asString()).isEqualTo("eco");
    assertThat(details.path("group").asString()).isEqualTo("power.intel.com");
    assertThat(details.path("kind").asString()).isEqualTo("PowerProfile");
    assertThat(Json.text(details.path("causes")))
        .isEqualTo(
            "[{\"reason\":\"FieldValueTypeInvalid\",\"message\":\"Invalid value: \\\"number\\\":"
                + " spec.max in body must be of type integer,string: \\\"number\\\"\",\"field\":\"spec.max\"}]");
    assertThat(send("GET", PROFILES + "/eco", "").statusCode()).isEqualTo(404);
  }

  @Test
  void severalErrorsAreListedTogether() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            PROFILES,
            "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
                + "\"metadata\":{\"name\":\"bad\"},"
                + "\"spec\":{\"cstates\":{\"maxLatencyUs\":-1},\"governor\":\"turbo\"}}");

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode status = Json.parse(response.body());
    assertThat(status.path("message").asString())
        .startsWith("PowerProfile.power.intel.com \"bad\" is invalid: [")
        .contains("spec.name: Required value")
        .contains(
            "spec.cstates.maxLatencyUs: Invalid value: -1: spec.cstates.maxLatencyUs in body"
                + " should be greater than or equal to 0")
        .contains("spec.governor: Unsupported value: \"turbo\": supported values: ");
    assertThat(status.path("details").path("causes"))
        .extracting(c -> c.path("reason").asString())
        .containsExactlyInAnyOrder(
            "FieldValueRequired", "FieldValueInvalid", "FieldValueNotSupported");
  }

  @Test
  void updatesPatchesAndStatusWritesAreValidatedToo() throws Exception {
    assertThat(send("POST", PROFILES, profile("eco", "\"max\": 2000")).statusCode()).isEqualTo(201);

    HttpResponse<String> patch =
        send("PATCH", PROFILES + "/eco", "application/merge-patch+json", "{\"spec\":{\"max\":-5}}");
    JsonNode stored = Json.parse(send("GET", PROFILES + "/eco", "").body());
    ((tools.jackson.databind.node.ObjectNode) stored.path("spec")).put("epp", "eco-mode");
    HttpResponse<String> update = send("PUT", PROFILES + "/eco", Json.text(stored));
    HttpResponse<String> status =
        send(
            "PATCH",
            PROFILES + "/eco/status",
            "application/merge-patch+json",
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"observedGeneration\":\"one\"}]}}");

    assertThat(patch.statusCode()).as(patch.body()).isEqualTo(422);
    assertThat(update.statusCode()).as(update.body()).isEqualTo(422);
    assertThat(Json.parse(update.body()).path("message").asString())
        .contains("spec.epp: Unsupported value: \"eco-mode\"");
    assertThat(status.statusCode()).as(status.body()).isEqualTo(422);
    assertThat(
            Json.parse(status.body())
                .path("details")
                .path("causes")
                .get(0)
                .path("field")
                .asString())
        .isEqualTo("status.conditions[0].observedGeneration");
    assertThat(
            Json.parse(send("GET", PROFILES + "/eco", "").body()).path("spec").path("max").asInt())
        .isEqualTo(2000);
  }

  @Test
  void unknownFieldsArePrunedWithAWarning() throws Exception {
    // When a profile with an undeclared undeclared field is created without fieldValidation
    HttpResponse<String> created =
        send("POST", PROFILES, profile("eco", "\"undeclared\": {\"C6\": true}"));

    // Then it is stored without the field, and the answer warns as kube-apiserver does
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"spec.undeclared\\\"\"");
    JsonNode stored = Json.parse(send("GET", PROFILES + "/eco", "").body());
    assertThat(stored.path("spec").has("undeclared")).isFalse();
    assertThat(stored.path("spec").path("epp").asString()).isEqualTo("power");
  }

  @Test
  void strictFieldValidationRefusesUnknownFieldsAndIgnoreIsSilent() throws Exception {
    HttpResponse<String> strict =
        send("POST", PROFILES + "?fieldValidation=Strict", profile("eco", "\"undeclared\": {}"));
    HttpResponse<String> ignore =
        send("POST", PROFILES + "?fieldValidation=Ignore", profile("eco", "\"undeclared\": {}"));
    HttpResponse<String> bogus =
        send("POST", PROFILES + "?fieldValidation=Loose", profile("eco2", ""));

    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(Json.parse(strict.body()).path("message").asString())
        .isEqualTo(
            "PowerProfile in version \"v1alpha1\" cannot be handled as a PowerProfile: strict"
                + " decoding error: unknown field \"spec.undeclared\"");
    assertThat(ignore.statusCode()).isEqualTo(201);
    assertThat(ignore.headers().allValues("Warning")).isEmpty();
    assertThat(bogus.statusCode()).isEqualTo(400);
  }

  @Test
  void dryRunChangesNothingForAnyVerb() throws Exception {
    assertThat(send("POST", PROFILES, profile("kept", "\"max\": 2000")).statusCode())
        .isEqualTo(201);

    HttpResponse<String> create = send("POST", PROFILES + "?dryRun=All", profile("ghost", ""));
    HttpResponse<String> invalid =
        send("POST", PROFILES + "?dryRun=All", profile("ghost", "\"max\": 1.5"));
    HttpResponse<String> patch =
        send(
            "PATCH",
            PROFILES + "/kept?dryRun=All",
            "application/merge-patch+json",
            "{\"spec\":{\"max\":3000}}");
    HttpResponse<String> deleteByQuery = send("DELETE", PROFILES + "/kept?dryRun=All", "");
    // what kubectl delete --dry-run=server sends: DeleteOptions in the body
    HttpResponse<String> deleteByBody =
        send(
            "DELETE",
            PROFILES + "/kept",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"All\"]}");
    HttpResponse<String> collection =
        send("DELETE", PROFILES, "{\"kind\":\"DeleteOptions\",\"dryRun\":[\"All\"]}");
    HttpResponse<String> unsupported = send("DELETE", PROFILES + "/kept?dryRun=Some", "");

    assertThat(create.statusCode()).isEqualTo(201);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(Json.parse(patch.body()).path("spec").path("max").asInt()).isEqualTo(3000);
    assertThat(deleteByQuery.statusCode()).isEqualTo(200);
    assertThat(deleteByBody.statusCode()).isEqualTo(200);
    assertThat(collection.statusCode()).isEqualTo(200);
    assertThat(unsupported.statusCode()).isEqualTo(400);
    assertThat(send("GET", PROFILES + "/ghost", "").statusCode()).isEqualTo(404);
    HttpResponse<String> kept = send("GET", PROFILES + "/kept", "");
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(Json.parse(kept.body()).path("spec").path("max").asInt()).isEqualTo(2000);
  }

  @Test
  void queryBooleansAreParsedAsGoDoes() throws Exception {
    // When a list is asked for with watch=True (the Python client) and watch=yes
    HttpResponse<java.io.InputStream> watch =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(api.url() + PROFILES + "?watch=True&timeoutSeconds=1"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    String streamed;
    try (java.io.InputStream in = watch.body()) {
      streamed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    HttpResponse<String> notABoolean = send("GET", PROFILES + "?watch=yes", "");
    HttpResponse<String> notANumber = send("GET", PROFILES + "?limit=ten", "");

    // Then True starts a watch stream (ended by timeoutSeconds), not a plain list
    assertThat(watch.statusCode()).isEqualTo(200);
    assertThat(streamed).doesNotContain("PowerProfileList");
    assertThat(notABoolean.statusCode()).isEqualTo(400);
    assertThat(Json.parse(notABoolean.body()).path("message").asString())
        .contains("strconv.ParseBool: parsing \"yes\": invalid syntax");
    assertThat(notANumber.statusCode()).isEqualTo(400);
  }

  @Test
  void kubectlDeleteDryRunServerKeepsTheObjectAndStrictApplyRefusesUnknownFields(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
    String kubectl = KubectlIT.findKubectl();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        kubectl != null, "no kubectl binary on PATH (or -Dkubectl=): skipping the kubectl checks");
    java.nio.file.Path kubeconfig = api.writeKubeconfig(home.resolve("kubeconfig"));
    java.nio.file.Path manifest = home.resolve("profile.yaml");
    java.nio.file.Files.writeString(
        manifest,
        String.join(
            "\n",
            "apiVersion: power.intel.com/v1alpha1",
            "kind: PowerProfile",
            "metadata: {name: eco}",
            "spec: {name: eco, epp: power, max: 2000, undeclared: {C6: true}}",
            ""));
    java.nio.file.Path floating = home.resolve("floating.yaml");
    java.nio.file.Files.writeString(
        floating,
        String.join(
            "\n",
            "apiVersion: power.intel.com/v1alpha1",
            "kind: PowerProfile",
            "metadata: {name: floating}",
            "spec: {name: floating, epp: power, max: 3500.7}",
            ""));

    String strict =
        kubectl(kubectl, kubeconfig, home, "apply", "--validate=strict", "-f", manifest.toString());
    String applied =
        kubectl(kubectl, kubeconfig, home, "apply", "--validate=warn", "-f", manifest.toString());
    String invalid = kubectl(kubectl, kubeconfig, home, "apply", "-f", floating.toString());
    String dryDelete =
        kubectl(
            kubectl,
            kubeconfig,
            home,
            "delete",
            // the manifest's version: without CRD conversion each served version is its own store
            "powerprofile.v1alpha1.power.intel.com",
            "eco",
            "--dry-run=server");
    String stillThere =
        kubectl(
            kubectl,
            kubeconfig,
            home,
            "get",
            "powerprofile.v1alpha1.power.intel.com",
            "eco",
            "-o",
            "name");

    assertThat(strict)
        .contains("Error from server (BadRequest)")
        .contains("strict decoding error: unknown field \"spec.undeclared\"");
    assertThat(applied)
        .contains("Warning: unknown field \"spec.undeclared\"")
        .contains("powerprofile.power.intel.com/eco created");
    assertThat(invalid)
        .contains(
            "The PowerProfile \"floating\" is invalid: spec.max: Invalid value: \"number\":"
                + " spec.max in body must be of type integer,string: \"number\"");
    assertThat(dryDelete).contains("powerprofile.power.intel.com \"eco\" deleted (server dry run)");
    assertThat(stillThere).isEqualTo("powerprofile.power.intel.com/eco");
  }

  private static String kubectl(
      String kubectl, java.nio.file.Path kubeconfig, java.nio.file.Path home, String... args)
      throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(kubectl);
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new String(output, java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(method, path, "application/json", body);
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(api, method, path, contentType, body);
  }

  static HttpResponse<String> send(EmbeddedApiServer api, String method, String path, String body)
      throws IOException, InterruptedException {
    return send(api, method, path, "application/json", body);
  }

  static HttpResponse<String> send(
      EmbeddedApiServer api, String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.url() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String profile(String name, String extraSpec) {
    return "{\"apiVersion\":\"power.intel.com/v1alpha1\",\"kind\":\"PowerProfile\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\"},\"spec\":{\"name\":\""
        + name
        + "\",\"epp\":\"power\""
        + (extraSpec.isEmpty() ? "" : "," + extraSpec)
        + "}}";
  }
}
