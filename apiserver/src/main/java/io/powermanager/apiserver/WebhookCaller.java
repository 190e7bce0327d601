package io.powermanager.apiserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Posts one AdmissionReview to a webhook's {@code clientConfig.url} over HTTPS, trusting exactly
 * the PEM certificates of {@code clientConfig.caBundle} (or the JDK's roots when there is none),
 * with {@code ?timeout=Ns} and a request deadline from {@code timeoutSeconds}.
 */
final class WebhookCaller {
  /** Anything that makes a call fail before a verdict: subject to {@code failurePolicy}. */
  static final class CallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailure(String message) {
      super(message);
    }
  }

  private final Map<String, HttpClient> clientsByCaBundle = new ConcurrentHashMap<>();
  private final Map<String, String> services;

  /**
   * @param services {@code <namespace>/<name>} to a base URL, what {@code clientConfig.service}
   *     resolves to (see {@link ApiServerOptions#services()})
   */
  WebhookCaller(Map<String, String> services) {
    this.services = Map.copyOf(services);
  }

  WebhookCaller() {
    this(Map.of());
  }

  /** The URL of {@code clientConfig.service}: its registered base URL and its path. */
  private String resolve(JsonNode service) throws CallFailure {
    if (service.isMissingNode() || service.isNull()) {
      throw new CallFailure("clientConfig has neither url nor service");
    }
    String namespace = service.path("namespace").asString("");
    String name = service.path("name").asString("");
    String base = services.get(namespace + "/" + name);
    if (base == null) {
      throw new CallFailure(
          "failed to call webhook: service \""
              + name
              + "."
              + namespace
              + ".svc\" is not reachable: the embedded API server resolves only the services"
              + " registered with ApiServerOptions.withService "
              + services.keySet());
    }
    String path = service.path("path").asString("");
    return base + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
  }

  JsonNode call(JsonNode clientConfig, JsonNode review, int timeoutSeconds) throws CallFailure {
    String url = clientConfig.path("url").asString("");
    if (url.isEmpty()) {
      url = resolve(clientConfig.path("service"));
    }
    if (!url.startsWith("https://")) {
      throw new CallFailure("clientConfig.url \"" + url + "\" must use https");
    }
    HttpClient client;
    try {
      client =
          clientsByCaBundle.computeIfAbsent(
              clientConfig.path("caBundle").asString(""), WebhookCaller::newClient);
    } catch (IllegalArgumentException e) {
      throw new CallFailure(e.getMessage());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "?timeout=" + timeoutSeconds + "s"))
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(review)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CallFailure("failed to call webhook: Post \"" + url + "\": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailure("interrupted calling " + url);
    }
    if (response.statusCode() != 200) {
      throw new CallFailure(
          "received invalid webhook response: HTTP "
              + response.statusCode()
              + " from "
              + url
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    try {
      return Json.parse(response.body());
    } catch (RuntimeException e) {
      throw new CallFailure("received invalid webhook response: " + e.getMessage());
    }
  }

  private static HttpClient newClient(String caBundleBase64) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (!caBundleBase64.isEmpty()) {
      builder.sslContext(trusting(Base64.getMimeDecoder().decode(caBundleBase64)));
    }
    return builder.build();
  }

  private static SSLContext trusting(byte[] pem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IllegalArgumentException("clientConfig.caBundle holds no PEM certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "clientConfig.caBundle is not a usable PEM bundle: " + e, e);
    }
  }
}
