package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Webhook admission through the front, against a real HTTPS webhook started in the test. */
class AdmissionIT {
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static TestWebhook webhook;

  @BeforeAll
  static void start() throws IOException {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    client = api.client();
    webhook = TestWebhook.start();
  }

  @AfterAll
  static void stop() {
    webhook.close();
    api.close();
  }

  @BeforeEach
  void reset() {
    webhook.respond(call -> TestWebhook.allow());
    webhook.reviews().clear();
  }

  @AfterEach
  void removeConfigurations() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().delete();
    client.admissionRegistration().v1().validatingWebhookConfigurations().delete();
    webhook.respond(call -> TestWebhook.allow());
    client.pods().inAnyNamespace().delete();
  }

  @Test
  void sendsACompleteAdmissionReview() {
    // Given a validating webhook on pods
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");

    // When a pod is created
    client.pods().inNamespace("default").resource(pod("reviewed")).create();

    // Then the webhook got an AdmissionReview v1 with every field the API server sends
    JsonNode request = webhook.reviews().get(0).path("request");
    assertThat(webhook.reviews().get(0).path("apiVersion").asString())
        .isEqualTo("admission.k8s.io/v1");
    assertThat(request.path("uid").asString()).isNotEmpty();
    assertThat(Json.text(request.path("kind")))
        .isEqualTo("{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}");
    assertThat(Json.text(request.path("resource")))
        .isEqualTo("{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"}");
    assertThat(request.has("requestKind")).isTrue();
    assertThat(request.path("name").asString()).isEqualTo("reviewed");
    assertThat(request.path("namespace").asString()).isEqualTo("default");
    assertThat(request.path("operation").asString()).isEqualTo("CREATE");
    assertThat(request.path("userInfo").path("username").asString()).isEqualTo("kubernetes-admin");
    assertThat(request.path("object").path("metadata").path("name").asString())
        .isEqualTo("reviewed");
    assertThat(request.path("oldObject").isNull()).isTrue();
    assertThat(request.path("dryRun").asBoolean(true)).isFalse();
    assertThat(request.path("options").path("kind").asString()).isEqualTo("CreateOptions");
  }

  @Test
  void mutatingPatchIsAppliedAndDefaultingRunsAgain() {
    // Given a mutating webhook that adds a profile limit and a label
    install("MutatingWebhookConfiguration", "m", "mpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call ->
            TestWebhook.patch(
                "[{\"op\":\"add\",\"path\":\"/spec/containers/0/resources/limits\","
                    + "\"value\":{\"power.intel.com/performance\":\"2\"}},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"mutated\":\"yes\"}}]"));

    // When a pod is created
    Pod created = client.pods().inNamespace("default").resource(pod("mutated")).create();

    // Then the patch is stored and the request was defaulted from the patched limit
    assertThat(created.getMetadata().getLabels()).containsEntry("mutated", "yes");
    assertThat(created.getSpec().getContainers().get(0).getResources().getRequests())
        .containsEntry("power.intel.com/performance", new Quantity("2"));
  }

  @Test
  void mutatingRunsBeforeValidating() {
    // Given a mutating webhook that labels and a validating one that requires the label
    install("MutatingWebhookConfiguration", "m", "mpod.power.example.com", "Fail", "pods");
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call -> {
          if (call.path().equals("/m")) {
            return TestWebhook.patch(
                "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"mutated\":\"yes\"}}]");
          }
          return call.request().path("object").path("metadata").path("labels").has("mutated")
              ? TestWebhook.allow()
              : TestWebhook.deny(403, "Forbidden", "not mutated first");
        });

    // When a pod is created
    // Then it is admitted
    assertThat(
            client
                .pods()
                .inNamespace("default")
                .resource(pod("ordered"))
                .create()
                .getMetadata()
                .getLabels())
        .containsEntry("mutated", "yes");
  }

  @Test
  void denialBecomesTheApiServersStatus() {
    // Given a validating webhook that denies with 403 Forbidden
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call -> TestWebhook.deny(403, "Forbidden", "power profile \"turbo\" does not exist"));

    // When a pod is created
    // Then the client sees the denial worded by the API server, and nothing is stored
    KubernetesClientException e = refusedCreate("denied");
    assertThat(e.getCode()).isEqualTo(403);
    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "admission webhook \"vpod.power.example.com\" denied the request:"
                + " power profile \"turbo\" does not exist");
    assertThat(client.pods().inNamespace("default").withName("denied").get()).isNull();
  }

  @Test
  void denialWithoutCodeBecomes400() {
    // Given a webhook that denies without status code or message
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call -> {
          ObjectNode response = Json.object();
          response.put("allowed", false);
          return response;
        });

    // When a pod is created
    // Then the API server's defaults for a bare denial apply
    KubernetesClientException e = refusedCreate("bare");
    assertThat(e.getCode()).isEqualTo(400);
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "admission webhook \"vpod.power.example.com\" denied the request without explanation");
  }

  @Test
  void warningsBecomeWarningHeaders() throws Exception {
    // Given a webhook that allows with a warning
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call -> {
          ObjectNode response = TestWebhook.allow();
          response.putArray("warnings").add("container c: cpu is \"fractional\"");
          return response;
        });

    // When a pod is posted
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/pods"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Json.MAPPER.writeValueAsString(pod("warned"))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then the warning is relayed the way kubectl prints it
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Warning"))
        .containsExactly("299 - \"container c: cpu is \\\"fractional\\\"\"");
  }

  @Test
  void failurePolicyFailRejectsWhenTheWebhookIsUnreachable() {
    // Given a webhook configuration pointing nowhere, failurePolicy Fail
    createUnreachableWebhook("Fail");

    // When a pod is created
    // Then the API server answers 500 naming the webhook
    KubernetesClientException e = refusedCreate("blocked");
    assertThat(e.getCode()).isEqualTo(500);
    assertThat(e.getStatus().getMessage())
        .startsWith("Internal error occurred: failed calling webhook \"gone.power.example.com\"");
  }

  @Test
  void failurePolicyIgnoreAdmitsWhenTheWebhookIsUnreachable() {
    // Given the same unreachable webhook with failurePolicy Ignore
    createUnreachableWebhook("Ignore");

    // When a pod is created
    // Then it is admitted
    assertThat(client.pods().inNamespace("default").resource(pod("through")).create()).isNotNull();
  }

  @Test
  void responseWithAnotherUidIsACallError() {
    // Given a webhook that answers with the wrong uid
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");
    webhook.respond(
        call -> {
          ObjectNode response = TestWebhook.allow();
          response.put("uid", "not-the-request-uid");
          return response;
        });

    // When a pod is created
    // Then the API server refuses it as a failed call
    assertThat(refusedCreate("uid").getStatus().getMessage()).contains("expected response.uid=");
  }

  @Test
  void dryRunRunsAdmissionWithoutPersisting() {
    // Given a webhook that allows everything
    install("ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods");

    // When a pod is created with dryRun=All
    client.pods().inNamespace("default").resource(pod("dry")).dryRun().create();

    // Then the webhook saw a dry-run review and nothing was stored
    assertThat(webhook.reviews()).hasSize(1);
    assertThat(webhook.reviews().get(0).path("request").path("dryRun").asBoolean()).isTrue();
    assertThat(client.pods().inNamespace("default").withName("dry").get()).isNull();
  }

  @Test
  void admitsUpdatesAndDeletesWithTheOldObjectButNotBindings() {
    // Given a pod and a webhook on pods and their subresources
    client.pods().inNamespace("default").resource(pod("lifecycle")).create();
    install(
        "ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "Fail", "pods", "pods/*");

    // When it is labelled, bound and deleted
    client
        .pods()
        .inNamespace("default")
        .withName("lifecycle")
        .edit(p -> new PodBuilder(p).editMetadata().addToLabels("x", "y").endMetadata().build());
    client
        .pods()
        .inNamespace("default")
        .withName("lifecycle")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{}");
    ClusterFixtures.bind(client, "lifecycle", "node-1");
    client.pods().inNamespace("default").withName("lifecycle").delete();

    // Then the webhook saw UPDATE, UPDATE and DELETE, with the old object, and no binding
    assertThat(webhook.reviews())
        .extracting(r -> r.path("request").path("operation").asString())
        .containsExactly("UPDATE", "UPDATE", "DELETE");
    JsonNode delete = webhook.reviews().get(2).path("request");
    assertThat(delete.path("object").isNull()).isTrue();
    assertThat(delete.path("oldObject").path("spec").path("nodeName").asString())
        .isEqualTo("node-1");
    assertThat(delete.path("options").path("kind").asString()).isEqualTo("DeleteOptions");
  }

  @Test
  void namespaceAndObjectSelectorsNarrowTheWebhook() {
    // Given a namespace labelled power=on and a webhook selecting it and objects labelled checked
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("powered")
                .addToLabels("power", "on")
                .endMetadata()
                .build())
        .create();
    ObjectNode config =
        webhook.configuration(
            "ValidatingWebhookConfiguration", "v", "vpod.power.example.com", "/", "Fail", "pods");
    ObjectNode hook = (ObjectNode) config.path("webhooks").get(0);
    hook.putObject("namespaceSelector").putObject("matchLabels").put("power", "on");
    ObjectNode expression =
        hook.putObject("objectSelector").putArray("matchExpressions").addObject();
    expression.put("key", "checked");
    expression.put("operator", "Exists");
    create(config);
    webhook.respond(call -> TestWebhook.deny(403, "Forbidden", "seen"));

    // When pods are created inside and outside the selection
    client.pods().inNamespace("default").resource(labelled(pod("elsewhere"))).create();
    client.pods().inNamespace("powered").resource(pod("unchecked")).create();

    // Then only the pod matching both selectors reaches the webhook
    assertThat(webhook.reviews()).isEmpty();
    assertThatThrownBy(
            () -> client.pods().inNamespace("powered").resource(labelled(pod("checked"))).create())
        .isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void customResourcesAreAdmittedToo() {
    // Given the PowerProfile CRD and a webhook on powerprofiles
    ClusterFixtures.ensureProfileCrd(client);
    install(
        "ValidatingWebhookConfiguration",
        "v",
        "vprofile.power.example.com",
        "Fail",
        "powerprofiles");
    webhook.respond(call -> TestWebhook.deny(422, "Invalid", "min must be at most max"));

    // When a profile is created
    // Then the denial comes back with the webhook's code and reason
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources("power.intel.com/v1alpha1", "PowerProfile")
                    .inNamespace("default")
                    .resource(profile())
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .endsWith("denied the request: min must be at most max");
            });
    assertThat(webhook.reviews().get(0).path("request").path("kind").path("group").asString())
        .isEqualTo("power.intel.com");
  }

  private static void install(
      String kind, String name, String webhookName, String failurePolicy, String... resources) {
    create(webhook.configuration(kind, name, webhookName, "/" + name, failurePolicy, resources));
  }

  private static void create(ObjectNode configuration) {
    String plural = configuration.path("kind").asString().toLowerCase(java.util.Locale.ROOT) + "s";
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(api.url() + "/apis/admissionregistration.k8s.io/v1/" + plural))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(Json.text(configuration)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static Pod pod(String name) {
    return Fabric8ClientIT.pod(name, null);
  }

  private static Pod labelled(Pod pod) {
    pod.getMetadata().setLabels(Map.of("checked", "true"));
    return pod;
  }

  private static GenericKubernetesResource profile() {
    GenericKubernetesResource profile = new GenericKubernetesResource();
    profile.setApiVersion("power.intel.com/v1alpha1");
    profile.setKind("PowerProfile");
    profile.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad").build());
    profile.setAdditionalProperty("spec", Map.of("min", 3000, "max", 2000));
    return profile;
  }

  /** Creates pod {@code name}, expecting the API server to refuse it. */
  private static KubernetesClientException refusedCreate(String name) {
    Throwable thrown =
        catchThrowable(() -> client.pods().inNamespace("default").resource(pod(name)).create());
    assertThat(thrown).isInstanceOf(KubernetesClientException.class);
    return (KubernetesClientException) thrown;
  }

  /** A validating webhook for pods whose URL nothing answers, with this failure policy. */
  private static void createUnreachableWebhook(String failurePolicy) {
    ObjectNode config =
        webhook.configuration(
            "ValidatingWebhookConfiguration",
            "gone",
            "gone.power.example.com",
            "/",
            failurePolicy,
            "pods");
    ((ObjectNode) config.path("webhooks").get(0).path("clientConfig"))
        .put("url", "https://127.0.0.1:1/validate");
    create(config);
  }
}
