package io.powermanager.webhook;

import io.powermanager.certs.ReloadingServerTls;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A {@link WebhookServer} on 127.0.0.1 port 0 over real TLS (a CA from certs/, files in {@code
 * dir}, the certs module's reloading factory), and a JDK HttpClient that trusts that CA only.
 */
final class HttpsWebhook implements AutoCloseable {

  final TestTls tls;
  final ReloadingServerTls serving;
  final WebhookServer server;
  final HttpClient client;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final Path dir;

  HttpsWebhook(Path dir, AdmissionService service, BooleanSupplier ready, WebhookConfig config) {
    this.dir = dir;
    this.tls = new TestTls("webhook-test-ca");
    tls.writeServingFiles(dir, "webhook-v1");
    this.serving = ReloadingServerTls.start(dir);
    this.server =
        WebhookServer.start(
            config.withHost("127.0.0.1").withPort(0),
            service,
            ready,
            registry,
            Optional.of(serving.sslContextFactory()));
    this.client =
        HttpClient.newBuilder()
            .sslContext(tls.clientContext())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpsWebhook(Path dir, AdmissionService service) {
    this(dir, service, () -> true, WebhookConfig.of(Fixtures.POWER_NS, Optional.empty()));
  }

  URI uri(String path) {
    return URI.create("https://localhost:" + server.port() + path);
  }

  HttpResponse<String> post(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    serving.close();
  }
}
