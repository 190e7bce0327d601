package io.powermanager.apiserver;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny HTTPS admission webhook for tests: every review it receives is kept, and {@code responder}
 * decides the answer (the review's {@code response} object; uid and envelope are added).
 */
final class TestWebhook implements AutoCloseable {
  private final HttpsServer server;
  private final TestCertificates certificates;
  private final List<JsonNode> reviews = new CopyOnWriteArrayList<>();
  private volatile Function<Call, ObjectNode> responder = call -> allow();

  /** One review as the webhook received it: the URL path and the review's {@code request}. */
  record Call(String path, JsonNode request) {}

  private TestWebhook(HttpsServer server, TestCertificates certificates) {
    this.server = server;
    this.certificates = certificates;
  }

  static TestWebhook start() throws IOException {
    TestCertificates certificates = TestCertificates.create();
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    TestWebhook webhook = new TestWebhook(server, certificates);
    server.createContext(
        "/",
        exchange -> {
          JsonNode review = Json.parse(exchange.getRequestBody().readAllBytes());
          webhook.reviews.add(review);
          ObjectNode response =
              webhook.responder.apply(
                  new Call(exchange.getRequestURI().getPath(), review.path("request")));
          if (!response.has("uid")) {
            response.put("uid", review.path("request").path("uid").asString());
          }
          ObjectNode answer = Json.object();
          answer.put("apiVersion", "admission.k8s.io/v1");
          answer.put("kind", "AdmissionReview");
          answer.set("response", response);
          byte[] body = Json.bytes(answer);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return webhook;
  }

  static ObjectNode allow() {
    ObjectNode response = Json.object();
    response.put("allowed", true);
    return response;
  }

  static ObjectNode deny(int code, String reason, String message) {
    ObjectNode response = Json.object();
    response.put("allowed", false);
    ObjectNode status = response.putObject("status");
    status.put("code", code);
    status.put("reason", reason);
    status.put("message", message);
    return response;
  }

  static ObjectNode patch(String jsonPatch) {
    ObjectNode response = allow();
    response.put("patchType", "JSONPatch");
    response.put(
        "patch",
        java.util.Base64.getEncoder()
            .encodeToString(jsonPatch.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return response;
  }

  void respond(Function<Call, ObjectNode> responder) {
    this.responder = responder;
  }

  List<JsonNode> reviews() {
    return reviews;
  }

  String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  String caBundle() {
    return certificates.caBundle();
  }

  /** A webhook configuration body with one webhook on the given resources. */
  ObjectNode configuration(
      String kind,
      String name,
      String webhookName,
      String path,
      String failurePolicy,
      String... resources) {
    ObjectNode config = Json.object();
    config.put("apiVersion", "admissionregistration.k8s.io/v1");
    config.put("kind", kind);
    config.putObject("metadata").put("name", name);
    ObjectNode webhook = config.putArray("webhooks").addObject();
    webhook.put("name", webhookName);
    ObjectNode clientConfig = webhook.putObject("clientConfig");
    clientConfig.put("url", url(path));
    clientConfig.put("caBundle", caBundle());
    ObjectNode rule = webhook.putArray("rules").addObject();
    rule.putArray("operations").add("CREATE").add("UPDATE").add("DELETE");
    rule.putArray("apiGroups").add("*");
    rule.putArray("apiVersions").add("*");
    var resourceList = rule.putArray("resources");
    for (String r : resources) {
      resourceList.add(r);
    }
    webhook.put("failurePolicy", failurePolicy);
    webhook.put("sideEffects", "None");
    webhook.putArray("admissionReviewVersions").add("v1");
    webhook.put("timeoutSeconds", 5);
    return config;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
